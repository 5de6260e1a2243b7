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

const built = (fragments: string[]) =>
	fc.array(fc.constantFrom(...fragments), { maxLength: 24 }).map((parts) => parts.join(""));

describe("filterPemKeys", () => {
	const text = built(["-----BEGIN", "-----END", " RSA", " ", "PRIVATE KEY", "-----", "x", "\n", "AB", "-"]);

	it("agrees with the PEM regex on generated strings", () => {
		fc.assert(
			fc.property(text, (value) => {
				expect(filterPemKeys(value, "[F]")).toBe(value.replace(PEM_KEY, "[F]"));
			}),
			{ numRuns: 5000 },
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
	const text = built(["http", "A", "+", ".", "1", "_", "://", ":", "@", "/", " ", "u", "p", "\t"]);

	it("agrees with the URL password regex on generated strings", () => {
		fc.assert(
			fc.property(text, (value) => {
				expect(filterUrlPasswords(value, "[F]")).toBe(value.replace(URL_PASSWORD, "$1[F]@"));
			}),
			{ numRuns: 5000 },
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
