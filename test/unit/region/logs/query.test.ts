import { describe, expect, it } from "vitest";
import type { StoredLog } from "../../../../workers/region/logs/normalize";
import { matchesQuery, parseLogQuery } from "../../../../workers/region/logs/query";

const log: StoredLog = {
	itemId: "0".repeat(32),
	timestampUs: 1,
	traceId: "5b8efff798038103d269b633813fc60c",
	spanId: "eee19b7ec3c1b174",
	level: "error",
	severityNumber: 17,
	body: "Database timeout after 30s",
	attributes: { "sentry.environment": "production", cart: "c-1", tags: ["a", "b"], code: 500 },
	bytes: 0,
};
const matches = (query: string) => matchesQuery(parseLogQuery(query).filters, log);

describe("parseLogQuery", () => {
	it("reads sentry-cli's and Sentry's terms", () => {
		expect(parseLogQuery("project:web level:error foo")).toEqual({
			projects: ["web"],
			filters: [
				{ kind: "level", levels: ["error"], negate: false },
				{ kind: "text", pattern: "foo", negate: false },
			],
		});
		expect(parseLogQuery('trace:[AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,b] and message:"two words"').filters).toEqual([
			{ kind: "trace", values: ["a".repeat(32), "b"], negate: false },
			{ kind: "text", pattern: "two words", negate: false },
		]);
		expect(parseLogQuery("environment:production !cart:c-*").filters).toEqual([
			{ kind: "attribute", key: "sentry.environment", patterns: ["production"], negate: false },
			{ kind: "attribute", key: "cart", patterns: ["c-*"], negate: true },
		]);
		expect(parseLogQuery("severity_number:>=17").filters).toEqual([{ kind: "severity", op: ">=", value: 17 }]);
	});

	it("matches logs read from segments the way SQL matches rows", () => {
		expect(matches("level:error")).toBe(true);
		expect(matches("severity:warning")).toBe(false);
		expect(matches("!level:info database")).toBe(true);
		expect(matches("DATABASE timeout")).toBe(true);
		expect(matches("message:*time*30s")).toBe(true);
		expect(matches("message:*30s*time*")).toBe(false);
		expect(matches("cart:c-1 environment:production code:500")).toBe(true);
		expect(matches("tags:b")).toBe(true);
		expect(matches("has:cart !has:user")).toBe(true);
		expect(matches("span_id:eee19b7ec3c1b174 trace:5b8efff798038103d269b633813fc60c")).toBe(true);
		expect(matches("severity_number:<17")).toBe(false);
	});

	it("bounds the number of terms and stays linear on hostile patterns", () => {
		expect(parseLogQuery(Array.from({ length: 100 }, (_, index) => `t${index}`).join(" ")).filters).toHaveLength(20);
		const hostile = { ...log, body: "a".repeat(50_000) };
		const started = performance.now();
		expect(matchesQuery(parseLogQuery(`message:${"*a".repeat(20)}b`).filters, hostile)).toBe(false);
		expect(performance.now() - started).toBeLessThan(2000);
	});
});
