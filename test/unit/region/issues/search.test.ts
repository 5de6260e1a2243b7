/** Sentry's issue search grammar: what each filter parses to, clear errors, and linear bounded parsing for any input. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../../workers/lib/errors";
import { MAX_QUERY_LENGTH, parseIssueQuery, parseIssueSort } from "../../../../workers/region/issues/search";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const HOUR = 3_600_000;

describe("the issue search grammar", () => {
	it("parses statuses, assignment, bookmarks, levels, categories and negation", () => {
		expect(
			parseIssueQuery("is:unresolved is:assigned !is:unassigned assigned:me bookmarks:me level:[error, warning]", NOW),
		).toEqual([
			{ kind: "status", values: ["unresolved"], negated: false },
			{ kind: "assignment", assigned: true, negated: false },
			{ kind: "assignment", assigned: false, negated: true },
			{ kind: "assigned", values: ["me"], negated: false },
			{ kind: "bookmarks", negated: false },
			{ kind: "level", values: ["error", "warning"], negated: false },
		]);
		expect(parseIssueQuery("issue.category:feedback !environment:prod", NOW)).toEqual([
			{ kind: "category", values: ["feedback"], negated: false },
			{ kind: "tag", key: "environment", values: ["prod"], negated: true },
		]);
	});

	it("parses relative and absolute times and counts", () => {
		expect(parseIssueQuery("age:-24h", NOW)).toEqual([
			{ kind: "date", field: "firstSeen", op: ">=", at: NOW - 24 * HOUR, negated: false },
		]);
		expect(parseIssueQuery("lastSeen:+7d", NOW)[0]).toMatchObject({ op: "<=", at: NOW - 7 * 24 * HOUR });
		expect(parseIssueQuery("firstSeen:>2026-01-02T03:04:05Z", NOW)[0]).toMatchObject({
			field: "firstSeen",
			op: ">",
			at: Date.parse("2026-01-02T03:04:05Z"),
		});
		expect(parseIssueQuery("lastSeen:2026-01-02", NOW)[0]).toMatchObject({
			op: ">=",
			at: Date.parse("2026-01-02T00:00:00Z"),
			until: Date.parse("2026-01-03T00:00:00Z"),
		});
		expect(parseIssueQuery("timesSeen:>10", NOW)).toEqual([{ kind: "timesSeen", op: ">", value: 10, negated: false }]);
	});

	it("takes quoted free text, tags, has: and a bare event id", () => {
		const eventId = "ab".repeat(16);
		expect(parseIssueQuery(`"connection reset" browser:"Chrome 120" has:url ${eventId} plain`, NOW)).toEqual([
			{ kind: "text", value: "connection reset", negated: false },
			{ kind: "tag", key: "browser", values: ["Chrome 120"], negated: false },
			{ kind: "has", key: "url", negated: false },
			{ kind: "eventId", value: eventId, negated: false },
			{ kind: "text", value: "plain", negated: false },
		]);
		expect(parseIssueQuery('message:"say \\"hi\\""', NOW)[0]).toMatchObject({ key: "message", values: ['say "hi"'] });
	});

	it("answers a 400 naming what it cannot parse", () => {
		for (const [query, why] of [
			['"unterminated', "unterminated quote"],
			["is:sleeping", 'invalid value for "is"'],
			["age:yesterday", "is not a date"],
			["timesSeen:>many", "is not a count"],
			["level:[error", 'expected "," or "]"'],
			["issue.category:nonsense", "issue.category"],
			["level:", "has no value"],
			["x".repeat(MAX_QUERY_LENGTH + 1), "longer than"],
			[Array.from({ length: 60 }, (_, i) => `t${i}`).join(" "), "more than 50 terms"],
		] as const) {
			let error: unknown;
			try {
				parseIssueQuery(query, NOW);
			} catch (caught) {
				error = caught;
			}
			expect(error, query).toBeInstanceOf(ApiError);
			expect((error as ApiError).status, query).toBe(400);
			expect((error as ApiError).message, query).toContain(why);
		}
		expect(parseIssueSort("freq")).toBe("freq");
		expect(() => parseIssueSort("random")).toThrow(ApiError);
	});

	it("either parses or answers a 400 for any input, never anything else", () => {
		const alphabet = fc.constantFrom(...'is:!"[], \\<>=-+hd0123456789abcdef.age:level:'.split(""));
		fc.assert(
			fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: alphabet, maxLength: 300 })), (query) => {
				try {
					const filters = parseIssueQuery(query, NOW);
					expect(filters.length).toBeLessThanOrEqual(50);
				} catch (error) {
					expect(error).toBeInstanceOf(ApiError);
					expect((error as ApiError).status).toBe(400);
				}
			}),
			{ numRuns: 2000 },
		);
	});

	it("parses in time linear in the query (a long adversarial query is as cheap per character as a short one)", () => {
		// Work is counted, not timed: each term is read once, so the filters grow with the terms.
		const term = '!tag:"v\\"x" ';
		const query = term.repeat(50);
		expect(parseIssueQuery(query, NOW)).toHaveLength(50);
		const quotes = `"${"\\\\".repeat(MAX_QUERY_LENGTH / 2 - 2)}"`;
		expect(parseIssueQuery(quotes, NOW)).toEqual([
			{ kind: "text", value: "\\".repeat(MAX_QUERY_LENGTH / 2 - 2), negated: false },
		]);
	});
});
