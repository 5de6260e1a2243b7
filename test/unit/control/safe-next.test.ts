import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeNext } from "../../../workers/control/safe-next";

/** Known open-redirect bypasses: each must end up at `/`. */
const BYPASSES = [
	"//evil.example/",
	"/\\evil.example/",
	"\\\\evil.example",
	"/\\/evil.example",
	"/\t/evil.example",
	"/\n/evil.example",
	"/\r\n/evil.example",
	"/%09/evil.example",
	"/%0a/evil.example",
	"/%0d%0a/evil.example",
	"/%5cevil.example",
	"/%5Cevil.example",
	"/%2fevil.example",
	"/%2F%2Fevil.example",
	"/%252f%252fevil.example",
	"/%25252f%25252fevil.example",
	"/.//evil.example",
	"/./\\evil.example",
	"/..//evil.example",
	"/%2e//evil.example",
	"https://evil.example/",
	"http:evil.example",
	"javascript:alert(1)",
	"data:text/html,<script>alert(1)</script>",
	" /evil.example",
	"\t//evil.example",
	"evil.example",
	"",
	`/${"a".repeat(5000)}`,
];

const ALLOWED: [string, string][] = [
	["/", "/"],
	["/organizations/", "/organizations/"],
	[
		"/organizations/acme/projects/web/?query=is%3Aunresolved",
		"/organizations/acme/projects/web/?query=is%3Aunresolved",
	],
	["/organizations/acme/issues/1/#events", "/organizations/acme/issues/1/#events"],
	["/accept/12/abc/", "/accept/12/abc/"],
	["/a b", "/a%20b"],
	["/a/../b/", "/b/"],
];

const decodeOrKeep = (value: string) => {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
};

describe("safeNext", () => {
	it.each(BYPASSES)("sends %j home", (next) => {
		expect(safeNext(next)).toBe("/");
	});

	it.each(ALLOWED)("keeps the same-site path %j (as %j)", (next, expected) => {
		expect(safeNext(next)).toBe(expected);
	});

	it("never leads a browser off the site, whatever it is given", () => {
		const base = "https://faultline.example";
		const pieces = fc.constantFrom(
			"/",
			"\\",
			"\t",
			"\n",
			"%",
			"2f",
			"5c",
			"09",
			"25",
			".",
			":",
			"@",
			"evil.example",
			"?",
			"#",
		);
		fc.assert(
			fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 12 }), (parts) => {
				const target = safeNext(parts.join(""));
				let decoded = target;
				for (let round = 0; round < 4; round++) {
					expect(new URL(decoded, base).origin).toBe(base);
					expect(decoded.startsWith("//")).toBe(false);
					const again = decodeOrKeep(decoded);
					if (again === decoded) break;
					decoded = again;
				}
				expect(target).toMatch(/^[!-[\]-~]+$/); // printable ASCII, no backslash
			}),
			{ numRuns: 2000 },
		);
	});
});
