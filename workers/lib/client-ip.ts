/**
 * The client's IP address, from headers only a trusted party can have set. On Cloudflare that is
 * `CF-Connecting-IP`: the edge sets it on every request and overwrites one a client sent, whereas
 * it only appends to `X-Forwarded-For`, whose first entries are whatever the client wrote.
 * Self-hosted behind reverse proxies (`FAULTLINE_TRUSTED_PROXIES` = how many), each proxy appends
 * the address it was connected from, so the client is that many entries from the right; anything
 * further left, and `CF-Connecting-IP`, came from the client and is ignored.
 */
export function clientIp(headers: Headers, trustedProxies: number): string | undefined {
	if (trustedProxies === 0) return headers.get("cf-connecting-ip")?.trim() || undefined;
	const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((hop) => hop.trim());
	if (hops.length < trustedProxies) return undefined;
	return hops[hops.length - trustedProxies] || undefined;
}
