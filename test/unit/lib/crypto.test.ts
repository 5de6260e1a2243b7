import { describe, it } from "vitest";
import { hashPassword, timingSafeEqual, verifyPassword } from "../../../workers/lib/crypto";

describe("password hashing", () => {
	it("stores PBKDF2-SHA256 with a per-user salt and verifies only the right password", async ({ expect }) => {
		const first = await hashPassword("correct horse");
		const second = await hashPassword("correct horse");
		expect(first).toMatch(/^pbkdf2_sha256\$100000\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
		expect(first).not.toBe(second);
		expect(first).not.toContain("correct horse");
		expect(await verifyPassword("correct horse", first)).toBe(true);
		expect(await verifyPassword("correct horsE", first)).toBe(false);
		expect(await verifyPassword("correct horse", "md5$abc")).toBe(false);
	});

	it("compares strings exactly", ({ expect }) => {
		expect(timingSafeEqual("abc", "abc")).toBe(true);
		expect(timingSafeEqual("abc", "abd")).toBe(false);
		expect(timingSafeEqual("abc", "abcd")).toBe(false);
	});
});
