/** The sessions API's query grammar, time range, duration histogram and field values. */
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../../workers/lib/errors";
import { binOf, quantileOf } from "../../../../workers/region/sessions/durations";
import { parseSessionsQuery } from "../../../../workers/region/sessions/query";
import { fieldValue } from "../../../../workers/region/sessions/results";
import { parseFilter } from "../../../../workers/region/sessions/search";
import { emptyGroup } from "../../../../workers/region/sessions/store";

const NOW = Date.UTC(2026, 10, 24, 12, 27, 28);
const parse = (query: string) => parseSessionsQuery(new URLSearchParams(query), NOW);
const detailOf = (run: () => unknown) => {
	try {
		run();
	} catch (error) {
		if (error instanceof ApiError) return error.detail;
		throw error;
	}
	return undefined;
};

describe("the query of the sessions API", () => {
	it("rounds the range out to whole intervals, as Sentry's metrics backend", () => {
		const daily = parse("field=sum(session)&statsPeriod=1d&interval=1d");
		expect([daily.start, daily.end]).toEqual([Date.UTC(2026, 10, 23), Date.UTC(2026, 10, 25)]);
		const sixHours = parse("field=sum(session)&statsPeriod=1d&interval=6h");
		expect([sixHours.start, sixHours.end]).toEqual([Date.UTC(2026, 10, 23, 12), Date.UTC(2026, 10, 24, 18)]);
		const explicit = parse("field=sum(session)&start=2026-11-20T00:00:00Z&end=2026-11-20T23:59:59Z&interval=1d");
		expect([explicit.start, explicit.end]).toEqual([Date.UTC(2026, 10, 20), Date.UTC(2026, 10, 21)]);
	});

	it("rejects what Sentry rejects, in its words", () => {
		expect(detailOf(() => parse("statsPeriod=1d"))).toBe('Request is missing a "field"');
		expect(detailOf(() => parse("field=sum(session)&interval=30m&statsPeriod=1d"))).toBe(
			"The interval has to be a multiple of the minimum interval of one hour.",
		);
		expect(detailOf(() => parse("field=sum(session)&interval=2d&statsPeriod=7d"))).toBe(
			"The interval has to be less than one day.",
		);
		expect(detailOf(() => parse("field=sum(session)&groupBy=session.status&orderBy=sum(session)&statsPeriod=1d"))).toBe(
			"Cannot use 'orderBy' when grouping by sessions.status",
		);
		expect(detailOf(() => parse("field=sum(session)&orderBy=sum(session)&orderBy=-sum(session)&statsPeriod=1d"))).toBe(
			"Cannot order by multiple fields",
		);
	});
});

describe("the query grammar", () => {
	it("reads terms, quoted values, lists, negation and OR, AND binding first", () => {
		expect(parseFilter('release:"foo bar@1" environment:prod OR !release:[a, "b c"]')).toEqual([
			[
				{ key: "release", values: ["foo bar@1"], negated: false },
				{ key: "environment", values: ["prod"], negated: false },
			],
			[{ key: "release", values: ["a", "b c"], negated: true }],
		]);
		expect(parseFilter("  ")).toBeUndefined();
		expect(parseFilter('release:"" AND environment:""')).toEqual([
			[
				{ key: "release", values: [""], negated: false },
				{ key: "environment", values: [""], negated: false },
			],
		]);
	});

	it("answers Sentry's 400s for unknown keys, free text and wildcards", () => {
		expect(detailOf(() => parseFilter("foo:bar"))).toBe("Invalid search filter: foo");
		expect(detailOf(() => parseFilter("something"))).toBe("Invalid search filter: message");
		expect(detailOf(() => parseFilter("release:foo@* OR release:bar"))).toBe(
			"Invalid condition: wildcard search is not supported",
		);
		expect(detailOf(() => parseFilter('release:"open'))).toBe("Invalid query: unterminated quote");
	});

	it("scans long hostile input in linear time", () => {
		const long = `release:"${"\\".repeat(200_000)}`;
		expect(detailOf(() => parseFilter(long))).toBe("Invalid query: unterminated quote");
		expect(detailOf(() => parseFilter(`release:[${"a,".repeat(100)}a]`))).toBe("Invalid query: more than 50 values");
	});
});

describe("durations", () => {
	it("fall into 19 %-wide bins, with percentiles interpolated inside them and never above the maximum", () => {
		expect([binOf(0), binOf(0.99), binOf(1), binOf(2), binOf(2 ** 40)]).toEqual([0, 0, 1, 5, 97]);
		const histogram = new Map<number, number>();
		for (const seconds of [10, 20, 30, 40, 100])
			histogram.set(binOf(seconds), (histogram.get(binOf(seconds)) ?? 0) + 1);
		const median = quantileOf(histogram, 0.5, 100) as number;
		expect(median / 30).toBeGreaterThan(0.84);
		expect(median / 30).toBeLessThan(1.19);
		expect(quantileOf(histogram, 1, 100)).toBeLessThanOrEqual(100);
		expect(quantileOf(new Map(), 0.5, 0)).toBeNull();
	});
});

describe("field values", () => {
	it("derive status groups and rates from the counters as Sentry does", () => {
		const { sessions, users } = emptyGroup({}, 0).totals;
		Object.assign(sessions, { started: 6, errored: 2, crashed: 1, abnormal: 0 });
		Object.assign(users, { all: 4, errored: 2, crashed: 1, abnormal: 1, fatal: 1 });
		expect(fieldValue("crash_free_rate(session)", sessions, users)).toBe(0.8333333333333334);
		expect(fieldValue("crash_rate(session)", sessions, users)).toBe(1 / 6);
		expect(fieldValue("crash_free_rate(user)", sessions, users)).toBe(0.75);
		expect(
			["healthy", "errored", "crashed", "abnormal"].map((status) =>
				fieldValue("sum(session)", sessions, users, status as "healthy"),
			),
		).toEqual([4, 1, 1, 0]);
		expect(
			["healthy", "errored", "crashed", "abnormal"].map((status) =>
				fieldValue("count_unique(user)", sessions, users, status as "healthy"),
			),
		).toEqual([2, 1, 1, 1]);
		const none = emptyGroup({}, 0).totals;
		expect(fieldValue("crash_free_rate(session)", none.sessions, none.users)).toBeNull();
		expect(fieldValue("avg(session.duration)", none.sessions, none.users)).toBeNull();
	});
});
