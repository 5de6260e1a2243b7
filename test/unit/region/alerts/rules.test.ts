import { describe, expect, it } from "vitest";
import {
	countInInterval,
	EVENT_FREQUENCY,
	type EvaluatedRule,
	type EventFacts,
	evaluateRule,
	FIRST_SEEN,
	LEVEL_FILTER,
	REGRESSION,
	type RuleFilter,
	TAGGED_EVENT_FILTER,
} from "../../../../workers/region/alerts/rules";
import { webhookTargetError } from "../../../../workers/region/alerts/webhook-targets";

const facts = (overrides: Partial<EventFacts> = {}): EventFacts => ({
	level: "error",
	environment: "production",
	tags: [
		["browser", "Firefox 120"],
		["customer", "acme"],
	],
	newIssue: false,
	regression: false,
	...overrides,
});
const rule = (overrides: Partial<EvaluatedRule> = {}): EvaluatedRule => ({
	environment: null,
	actionMatch: "all",
	filterMatch: "all",
	conditions: [{ id: FIRST_SEEN }],
	filters: [],
	...overrides,
});

describe("evaluateRule", () => {
	it("a new issue, a regression, more than N events in an interval", () => {
		expect(evaluateRule(rule(), facts({ newIssue: true }), {})).toBe(true);
		expect(evaluateRule(rule(), facts(), {})).toBe(false);
		const regression = rule({ conditions: [{ id: REGRESSION }] });
		expect(evaluateRule(regression, facts({ regression: true }), {})).toBe(true);
		expect(evaluateRule(regression, facts({ newIssue: true }), {})).toBe(false);
		const frequent = rule({
			conditions: [{ id: EVENT_FREQUENCY, value: 10, interval: "1h", comparisonType: "count" }],
		});
		expect(evaluateRule(frequent, facts(), { "1h": 11 })).toBe(true);
		expect(evaluateRule(frequent, facts(), { "1h": 10 })).toBe(false);
		expect(evaluateRule(frequent, facts(), { "1d": 100 })).toBe(false);
	});

	it("actionMatch all, any and none", () => {
		const conditions = [{ id: FIRST_SEEN }, { id: REGRESSION }] as EvaluatedRule["conditions"];
		const newIssue = facts({ newIssue: true });
		expect(evaluateRule(rule({ conditions, actionMatch: "all" }), newIssue, {})).toBe(false);
		expect(evaluateRule(rule({ conditions, actionMatch: "any" }), newIssue, {})).toBe(true);
		expect(evaluateRule(rule({ conditions, actionMatch: "none" }), newIssue, {})).toBe(false);
		expect(evaluateRule(rule({ conditions, actionMatch: "none" }), facts(), {})).toBe(true);
	});

	it.each([
		["eq", "40", "error", true],
		["eq", "40", "fatal", false],
		["gte", "40", "fatal", true],
		["gte", "40", "warning", false],
		["lte", "30", "info", true],
		["lte", "30", "error", false],
	] as const)("level %s %s on a %s event: %s", (match, level, eventLevel, expected) => {
		const filters: RuleFilter[] = [{ id: LEVEL_FILTER, match, level }];
		expect(evaluateRule(rule({ filters }), facts({ level: eventLevel, newIssue: true }), {})).toBe(expected);
	});

	it.each([
		["customer", "eq", "ACME", true],
		["customer", "eq", "globex", false],
		["customer", "ne", "globex", true],
		["customer", "ne", "acme", false],
		["browser", "sw", "firefox", true],
		["browser", "sw", "chrome", false],
		["browser", "ew", "120", true],
		["browser", "co", "fox", true],
		["browser", "nc", "fox", false],
		["browser", "nc", "edge", true],
		["Customer", "is", "", true],
		["os", "is", "", false],
		["os", "ns", "", true],
		["customer", "ns", "", false],
	] as const)("tag %s %s %s: %s", (key, match, value, expected) => {
		const filters: RuleFilter[] = [{ id: TAGGED_EVENT_FILTER, key, match, value }];
		expect(evaluateRule(rule({ filters }), facts({ newIssue: true }), {})).toBe(expected);
	});

	it("filterMatch all, any and none, and the rule's environment", () => {
		const filters: RuleFilter[] = [
			{ id: LEVEL_FILTER, match: "eq", level: "40" },
			{ id: TAGGED_EVENT_FILTER, key: "customer", match: "eq", value: "globex" },
		];
		const newIssue = facts({ newIssue: true });
		expect(evaluateRule(rule({ filters, filterMatch: "all" }), newIssue, {})).toBe(false);
		expect(evaluateRule(rule({ filters, filterMatch: "any" }), newIssue, {})).toBe(true);
		expect(evaluateRule(rule({ filters, filterMatch: "none" }), newIssue, {})).toBe(false);
		expect(evaluateRule(rule({ environment: "production" }), newIssue, {})).toBe(true);
		expect(evaluateRule(rule({ environment: "staging" }), newIssue, {})).toBe(false);
		expect(evaluateRule(rule({ environment: "production" }), facts({ newIssue: true, environment: null }), {})).toBe(
			false,
		);
	});
});

describe("countInInterval", () => {
	const minute = 60_000;
	const hour = 60 * minute;
	const now = Date.UTC(2026, 0, 2, 12, 30, 30);
	const buckets = [
		{ resolution: "minute" as const, bucket: Date.UTC(2026, 0, 2, 12, 30), count: 3 },
		{ resolution: "minute" as const, bucket: Date.UTC(2026, 0, 2, 12, 26), count: 2 },
		{ resolution: "minute" as const, bucket: Date.UTC(2026, 0, 2, 11, 0), count: 7 },
		{ resolution: "hour" as const, bucket: Date.UTC(2026, 0, 2, 12), count: 5 },
		{ resolution: "hour" as const, bucket: Date.UTC(2026, 0, 2, 0), count: 4 },
		{ resolution: "hour" as const, bucket: Date.UTC(2025, 11, 30, 0), count: 100 },
	];

	it("sums minute buckets up to an hour and hour buckets beyond", () => {
		expect(countInInterval(buckets, "1m", now)).toBe(3);
		expect(countInInterval(buckets, "5m", now)).toBe(5);
		expect(countInInterval(buckets, "1h", now)).toBe(5);
		expect(countInInterval(buckets, "1d", now)).toBe(9);
		expect(countInInterval(buckets, "1w", now)).toBe(109);
		expect(countInInterval(buckets, "1m", now + hour)).toBe(0);
		expect(countInInterval(buckets, "1m", now - 10 * minute)).toBe(0);
	});
});

describe("webhookTargetError", () => {
	it.each([
		"http://localhost:3000/",
		"http://api.localhost/",
		"http://metadata.google.internal/",
		"http://printer.local/",
		"http://127.0.0.1/",
		"http://10.0.0.1/",
		"http://172.20.1.1/",
		"http://192.168.1.1/",
		"http://169.254.169.254/",
		"http://100.64.0.1/",
		"http://0.0.0.0/",
		"http://[::1]/",
		"http://[fd00::1]/",
		"http://[fe80::1]/",
		"http://[::ffff:127.0.0.1]/",
	])("refuses %s", (url) => {
		expect(webhookTargetError(url, false)).toMatch(/private, loopback or link-local/);
		expect(webhookTargetError(url, true)).toBeUndefined();
	});

	it("allows public targets and refuses other schemes", () => {
		expect(webhookTargetError("https://hooks.example.com/sentry", false)).toBeUndefined();
		expect(webhookTargetError("http://172.32.0.1/", false)).toBeUndefined();
		expect(webhookTargetError("ftp://example.com/", true)).toMatch(/http or https/);
		expect(webhookTargetError("not a url", false)).toMatch(/not a valid URL/);
	});
});
