/**
 * Which webhook URLs alerts may call: no private, loopback, link-local or otherwise non-public
 * target outside local development. Addresses are judged in the form the URL parser leaves them
 * (`http://2130706433/` is `127.0.0.1`, `[::127.0.0.1]` is `[::7f00:1]`), IPv6 ones by their bits,
 * including the IPv4 address they embed (mapped, compatible, NAT64, 6to4). Names are judged by
 * pattern only: Workers cannot resolve a name before fetching it, so a public name that resolves to
 * a private address is left to the platform (docs/reliability.md, Security).
 */

/** IPv4 blocks that are not public unicast: this network, private, loopback, shared, link-local, IETF, documentation, benchmarking, multicast, reserved (RFC 6890). */
function isNonPublicIpv4(octets: readonly number[]): boolean {
	const [a, b, c] = octets as [number, number, number, number];
	return (
		a === 0 ||
		a === 10 ||
		a === 127 ||
		(a === 100 && b >= 64 && b <= 127) ||
		(a === 169 && b === 254) ||
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 0 && (c === 0 || c === 2)) ||
		(a === 192 && b === 168) ||
		(a === 198 && (b === 18 || b === 19)) ||
		(a === 198 && b === 51 && c === 100) ||
		(a === 203 && b === 0 && c === 113) ||
		a >= 224
	);
}

function ipv4Octets(host: string): number[] | undefined {
	const parts = host.split(".");
	if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
	const octets = parts.map(Number);
	return octets.every((octet) => octet <= 255) ? octets : undefined;
}

/** The eight 16-bit groups of an IPv6 address as the URL parser writes it (hex, `::` compressed). */
function ipv6Groups(address: string): number[] | undefined {
	const halves = address.split("::");
	if (halves.length > 2) return undefined;
	const groupsOf = (half: string | undefined) => (half ? half.split(":") : []);
	const head = groupsOf(halves[0]);
	const tail = groupsOf(halves[1]);
	const missing = 8 - head.length - tail.length;
	if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
	const groups = [...head, ...Array<string>(missing).fill("0"), ...tail];
	if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return undefined;
	return groups.map((group) => Number.parseInt(group, 16));
}

const embeddedIpv4 = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff];

function isNonPublicIpv6(groups: readonly number[]): boolean {
	const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
	const zeroPrefix = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
	// ::, ::1, IPv4-compatible ::a.b.c.d, IPv4-mapped ::ffff:a.b.c.d and IPv4-translated ::ffff:0:a.b.c.d.
	if (zeroPrefix && (g5 === 0 || g5 === 0xffff)) return true;
	if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0) return true;
	// NAT64: the well-known prefix carries an IPv4 address; the local-use one (64:ff9b:1::/48) is private.
	if (g0 === 0x64 && g1 === 0xff9b)
		return g2 !== 0 || g3 !== 0 || g4 !== 0 || g5 !== 0 || isNonPublicIpv4(embeddedIpv4(g6, g7));
	// 6to4 carries an IPv4 address in its next 32 bits; Teredo an obfuscated one: neither is a webhook's.
	if (g0 === 0x2002) return isNonPublicIpv4(embeddedIpv4(g1, g2));
	if (g0 === 0x2001 && g1 === 0) return true;
	return (
		(g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) || // discard prefix
		(g0 === 0x2001 && g1 === 0xdb8) || // documentation
		(g0 & 0xfe00) === 0xfc00 || // unique local
		(g0 & 0xffc0) === 0xfe80 || // link-local
		(g0 & 0xffc0) === 0xfec0 || // site-local (deprecated)
		(g0 & 0xff00) === 0xff00 // multicast
	);
}

/** Suffixes of names that only ever mean this machine or a private network (RFC 6761, 6762, 8375). */
const PRIVATE_SUFFIXES = ["localhost", "local", "internal", "intranet", "private", "corp", "home", "lan", "home.arpa"];
/** Public names that resolve to whatever address their subdomain spells, or to loopback for any subdomain. */
const ADDRESS_DOMAINS = ["nip.io", "sslip.io", "xip.io", "localtest.me", "lvh.me", "vcap.me", "lacolhost.com"];

const endsWithDomain = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/**
 * A name that is not public: one label only (resolved through search domains), a private suffix, a
 * domain that resolves to the address it spells, or an embedded non-public IPv4 address in dotted or
 * dashed form (`10.0.0.1.example.net`, `ip-10-0-0-1.example.net`).
 */
function isNonPublicName(host: string): boolean {
	if (!host.includes(".")) return true;
	if (PRIVATE_SUFFIXES.some((suffix) => endsWithDomain(host, suffix))) return true;
	if (ADDRESS_DOMAINS.some((domain) => endsWithDomain(host, domain))) return true;
	const labels = host.split(".");
	for (let index = 0; index + 4 <= labels.length; index++) {
		const octets = ipv4Octets(labels.slice(index, index + 4).join("."));
		if (octets && isNonPublicIpv4(octets)) return true;
	}
	for (const match of host.matchAll(/(?:^|[^\d])(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})(?!\d)/g)) {
		const octets = ipv4Octets(match.slice(1, 5).join("."));
		if (octets && isNonPublicIpv4(octets)) return true;
	}
	return false;
}

function isNonPublicHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/\.$/, "");
	if (host.startsWith("[")) {
		const groups = ipv6Groups(host.slice(1, -1));
		return !groups || isNonPublicIpv6(groups);
	}
	const octets = ipv4Octets(host);
	return octets ? isNonPublicIpv4(octets) : isNonPublicName(host);
}

/** Why a webhook URL may not be called, or undefined. */
export function webhookTargetError(url: string, allowPrivate: boolean): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return "is not a valid URL";
	}
	if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "must be an http or https URL";
	if (allowPrivate || !isNonPublicHost(parsed.hostname)) return undefined;
	return `may not target a private, loopback or link-local address (${parsed.hostname})`;
}
