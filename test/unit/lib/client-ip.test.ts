import { describe, expect, it } from "vitest";
import { clientIp } from "../../../workers/lib/client-ip";

const headers = (values: Record<string, string>) => new Headers(values);

describe("clientIp", () => {
	it("on Cloudflare (no trusted proxies) takes CF-Connecting-IP and never X-Forwarded-For", () => {
		expect(clientIp(headers({ "cf-connecting-ip": " 203.0.113.5 " }), 0)).toBe("203.0.113.5");
		expect(clientIp(headers({ "cf-connecting-ip": "203.0.113.5", "x-forwarded-for": "198.51.100.1" }), 0)).toBe(
			"203.0.113.5",
		);
		expect(clientIp(headers({ "x-forwarded-for": "198.51.100.1" }), 0)).toBeUndefined();
		expect(clientIp(headers({}), 0)).toBeUndefined();
	});

	it("behind trusted proxies takes the address the outermost one appended, not what the client wrote", () => {
		const forwarded = headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.5, 10.0.0.2", "cf-connecting-ip": "6.6.6.6" });
		expect(clientIp(forwarded, 1)).toBe("10.0.0.2");
		expect(clientIp(forwarded, 2)).toBe("203.0.113.5");
		expect(clientIp(headers({ "x-forwarded-for": "203.0.113.5" }), 1)).toBe("203.0.113.5");
	});

	it("knows no address when there are fewer hops than trusted proxies", () => {
		expect(clientIp(headers({ "x-forwarded-for": "203.0.113.5" }), 2)).toBeUndefined();
		expect(clientIp(headers({ "cf-connecting-ip": "203.0.113.5" }), 1)).toBeUndefined();
	});
});
