/** Base64 for byte arrays, in workerd and Node alike (no Buffer). */
export function bytesToBase64(bytes: Uint8Array): string {
	let binary = "";
	for (let start = 0; start < bytes.length; start += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
	}
	return btoa(binary);
}

/** The bytes of a base64 string, or undefined if it is not valid base64. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
	try {
		return Uint8Array.from(atob(text.replace(/\s/g, "")), (char) => char.charCodeAt(0));
	} catch {
		return undefined;
	}
}
