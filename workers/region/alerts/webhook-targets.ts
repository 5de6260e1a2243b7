/** Which webhook URLs alerts may call: no private, loopback or link-local targets outside local development. */

function isPrivateIpv4(host: string): boolean {
	const parts = host.split(".").map(Number);
	if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) return false;
	const [a, b] = parts as [number, number, number, number];
	return (
		a === 0 ||
		a === 10 ||
		a === 127 ||
		(a === 100 && b >= 64 && b <= 127) ||
		(a === 169 && b === 254) ||
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 168) ||
		a >= 224
	);
}

function isPrivateIpv6(host: string): boolean {
	const address = host.replace(/^\[|\]$/g, "").toLowerCase();
	if (!address.includes(":")) return false;
	const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
	if (mapped) return isPrivateIpv4(mapped[1] as string);
	return (
		address === "::" ||
		address === "::1" ||
		/^f[cd]/.test(address) ||
		/^fe[89ab]/.test(address) ||
		address.startsWith("::ffff:")
	);
}

/**
 * Why a webhook URL may not be called, or undefined. Names and literal addresses only: a public
 * name that resolves to a private address is left to the platform (Workers cannot resolve names).
 */
export function webhookTargetError(url: string, allowPrivate: boolean): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return "is not a valid URL";
	}
	if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "must be an http or https URL";
	if (allowPrivate) return undefined;
	const host = parsed.hostname.toLowerCase().replace(/\.$/, "");
	if (
		host === "localhost" ||
		host.endsWith(".localhost") ||
		host.endsWith(".internal") ||
		host.endsWith(".local") ||
		isPrivateIpv4(host) ||
		isPrivateIpv6(host)
	) {
		return `may not target a private, loopback or link-local address (${parsed.hostname})`;
	}
	return undefined;
}
