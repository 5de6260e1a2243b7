/**
 * The scrubber's scanners find exactly what the regexes they replace found (on generated strings
 * short enough for those regexes), and read the regexes' attack strings in one pass.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { filterPemKeys, filterUrlPasswords } from "../../../../workers/region/ingest/secrets";

// The specification: Sentry's default scrubbing patterns, which backtrack quadratically on long hostile strings.
const PEM_KEY = /-----BEGIN[A-Z ]*PRIVATE KEY-----[\s\S]+?-----END[A-Z ]*PRIVATE KEY-----/g;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@/\s]+@/gi;

/** The scanner and the regex's replacement agree on strings built from `fragments`. */
function agreeOnGeneratedStrings(
	fragments: string[],
	scanner: (value: string) => string,
	regex: (value: string) => string,
) {
	const text = fc.array(fc.constantFrom(...fragments), { maxLength: 24 }).map((parts) => parts.join(""));
	fc.assert(
		fc.property(text, (value) => {
			expect(scanner(value)).toBe(regex(value));
		}),
		{ numRuns: 5000 },
	);
}

describe("filterPemKeys", () => {
	it("agrees with the PEM regex on generated strings", () => {
		agreeOnGeneratedStrings(
			["-----BEGIN", "-----END", " RSA", " ", "PRIVATE KEY", "-----", "x", "\n", "AB", "-"],
			(value) => filterPemKeys(value, "[F]"),
			(value) => value.replace(PEM_KEY, "[F]"),
		);
	});

	it("filters a key and keeps what is around it", () => {
		const key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----";
		expect(filterPemKeys(`a ${key} b ${key}`, "[F]")).toBe("a [F] b [F]");
	});

	it("reads the regex's attack string in one pass", () => {
		// 'B-----BEGINPRIVATE KEY------' × 10^5: ~10^10 steps for the regex.
		const attack = "B-----BEGINPRIVATE KEY------".repeat(100_000);
		expect(filterPemKeys(attack, "[F]")).toBe(attack);
	});
});

describe("filterUrlPasswords", () => {
	it("agrees with the URL password regex on generated strings", () => {
		agreeOnGeneratedStrings(
			["http", "A", "+", ".", "1", "_", "://", ":", "@", "/", " ", "u", "p", "\t"],
			(value) => filterUrlPasswords(value, "[F]"),
			(value) => value.replace(URL_PASSWORD, "$1[F]@"),
		);
	});

	it("filters the password of a URL", () => {
		expect(filterUrlPasswords("see postgres://app:s3cret@db/x and https://u:p@h", "[F]")).toBe(
			"see postgres://app:[F]@db/x and https://u:[F]@h",
		);
	});

	it("reads the regex's attack string in one pass", () => {
		const attack = "A+".repeat(500_000);
		expect(filterUrlPasswords(attack, "[F]")).toBe(attack);
		expect(filterUrlPasswords(`${attack}://u:p@h`, "[F]")).toBe(`${attack}://u:[F]@h`);
	});
});
