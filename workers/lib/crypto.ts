/** Small WebCrypto helpers shared by workers and scripts (runs in workerd and in Node). */

const encoder = new TextEncoder();

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
	return [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function randomHex(byteCount: number): string {
	return toHex(crypto.getRandomValues(new Uint8Array(byteCount)));
}

export async function sha256Hex(data: string | Uint8Array | ArrayBuffer): Promise<string> {
	return toHex(await crypto.subtle.digest("SHA-256", typeof data === "string" ? encoder.encode(data) : data));
}

export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
	const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
		"sign",
	]);
	return toHex(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
}

/** Compares two strings in time that does not depend on where they differ. */
export function timingSafeEqual(a: string, b: string): boolean {
	if (a.length !== b.length) return false;
	let difference = 0;
	for (let index = 0; index < a.length; index++) difference |= a.charCodeAt(index) ^ b.charCodeAt(index);
	return difference === 0;
}

const PBKDF2_ITERATIONS = 100_000; // the most workerd's WebCrypto allows

async function pbkdf2Hex(password: string, salt: string, iterations: number): Promise<string> {
	const key = await crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, ["deriveBits"]);
	const bits = await crypto.subtle.deriveBits(
		{ name: "PBKDF2", hash: "SHA-256", salt: encoder.encode(salt), iterations },
		key,
		256,
	);
	return toHex(bits);
}

/** `pbkdf2_sha256$<iterations>$<salt>$<hash>` with a fresh per-user salt. */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomHex(16);
	return `pbkdf2_sha256$${PBKDF2_ITERATIONS}$${salt}$${await pbkdf2Hex(password, salt, PBKDF2_ITERATIONS)}`;
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
	const [algorithm, iterations, salt, hash] = encoded.split("$");
	if (algorithm !== "pbkdf2_sha256" || !iterations || !salt || !hash) return false;
	return timingSafeEqual(await pbkdf2Hex(password, salt, Number(iterations)), hash);
}
