/** The client's IP address as Cloudflare reports it (CF-Connecting-IP), else the first X-Forwarded-For hop. */
export function clientIp(headers: Headers): string | undefined {
	const direct = headers.get("cf-connecting-ip")?.trim();
	if (direct) return direct;
	return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || undefined;
}
