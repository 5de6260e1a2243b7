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
		// IPv6 forms that embed or stand for a private IPv4 address, and other non-public IPv6 blocks.
		"http://[::127.0.0.1]/",
		"http://[::7f00:1]/",
		"http://[::]/",
		"http://[::ffff:0:a00:1]/",
		"http://[64:ff9b::a00:1]/",
		"http://[64:ff9b::127.0.0.1]/",
		"http://[64:ff9b:1::1]/",
		"http://[2002:a00:1::1]/",
		"http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
		"http://[2001:db8::1]/",
		"http://[fec0::1]/",
		"http://[ff02::1]/",
		// IPv4 in the other spellings URL parsers accept, and the remaining reserved blocks.
		"http://2130706433/",
		"http://0x7f.1/",
		"http://127.1/",
		"http://192.0.0.8/",
		"http://198.18.0.1/",
		"http://255.255.255.255/",
		// Names that mean a private network, or spell a private address.
		"http://intranet/",
		"http://router.home.arpa/",
		"http://nas.lan/",
		"http://10.0.0.1.nip.io/",
		"http://7f000001.nip.io/",
		"http://app.10-0-0-1.sslip.io/",
		"http://ip-192-168-1-10.example.net/",
		"http://169.254.169.254.example.net/",
		"http://anything.localtest.me/",
	])("refuses %s", (url) => {
		expect(webhookTargetError(url, false)).toMatch(/private, loopback or link-local/);
		expect(webhookTargetError(url, true)).toBeUndefined();
	});

	it("allows public targets and refuses other schemes", () => {
		expect(webhookTargetError("https://hooks.example.com/sentry", false)).toBeUndefined();
		expect(webhookTargetError("http://172.32.0.1/", false)).toBeUndefined();
		expect(webhookTargetError("http://1.1.1.1/", false)).toBeUndefined();
		expect(webhookTargetError("http://[2606:4700:4700::1111]/", false)).toBeUndefined();
		expect(webhookTargetError("http://[64:ff9b::808:808]/", false)).toBeUndefined();
		expect(webhookTargetError("http://ip-8-8-8-8.example.net/", false)).toBeUndefined();
		expect(webhookTargetError("ftp://example.com/", true)).toMatch(/http or https/);
		expect(webhookTargetError("not a url", false)).toMatch(/not a valid URL/);
	});
});
