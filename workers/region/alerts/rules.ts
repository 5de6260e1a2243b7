/**
 * Issue alert rules in Sentry's JSON shapes, and their evaluation for one stored event (Sentry's
 * RuleProcessor): the rule's environment, then its filters (`filterMatch`), then its conditions
 * (`actionMatch`). Pure: the post-process consumer supplies the event's facts and the issue's counts.
 */
import { z } from "zod";

export const FIRST_SEEN = "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition";
export const REGRESSION = "sentry.rules.conditions.regression_event.RegressionEventCondition";
export const EVENT_FREQUENCY = "sentry.rules.conditions.event_frequency.EventFrequencyCondition";
export const LEVEL_FILTER = "sentry.rules.filters.level.LevelFilter";
export const TAGGED_EVENT_FILTER = "sentry.rules.filters.tagged_event.TaggedEventFilter";
export const WEBHOOK_ACTION = "sentry.rules.actions.notify_event_service.NotifyEventServiceAction";
export const EMAIL_ACTION = "sentry.mail.actions.NotifyEmailAction";

/** Sentry's intervals for EventFrequencyCondition, in milliseconds. */
export const INTERVALS = {
	"1m": 60_000,
	"5m": 5 * 60_000,
	"15m": 15 * 60_000,
	"1h": 3_600_000,
	"1d": 24 * 3_600_000,
	"1w": 7 * 24 * 3_600_000,
	"30d": 30 * 24 * 3_600_000,
} as const;
export type Interval = keyof typeof INTERVALS;

/** Sentry's numeric levels (`"40"` is error), as LevelFilter stores them. */
const LEVELS: Record<string, number> = { debug: 10, info: 20, warning: 30, error: 40, fatal: 50 };

const name = z.string().max(256).optional();

export const RuleCondition = z.discriminatedUnion("id", [
	z.object({ id: z.literal(FIRST_SEEN), name }),
	z.object({ id: z.literal(REGRESSION), name }),
	z.object({
		id: z.literal(EVENT_FREQUENCY),
		name,
		value: z.coerce.number().int().min(0),
		interval: z.enum(Object.keys(INTERVALS) as [Interval, ...Interval[]]),
		comparisonType: z.literal("count").default("count"),
	}),
]);
export type RuleCondition = z.infer<typeof RuleCondition>;

export const RuleFilter = z.discriminatedUnion("id", [
	z.object({
		id: z.literal(LEVEL_FILTER),
		name,
		match: z.enum(["eq", "gte", "lte"]),
		level: z.enum(Object.values(LEVELS).map(String) as [string, ...string[]]),
	}),
	z.object({
		id: z.literal(TAGGED_EVENT_FILTER),
		name,
		key: z.string().min(1).max(200),
		match: z.enum(["eq", "ne", "sw", "ew", "co", "nc", "is", "ns"]),
		value: z.string().max(200).default(""),
	}),
]);
export type RuleFilter = z.infer<typeof RuleFilter>;

export const WebhookAction = z.object({
	id: z.literal(WEBHOOK_ACTION),
	name,
	service: z.literal("webhooks"),
	url: z.url({ protocol: /^https?$/ }),
});
export type WebhookAction = z.infer<typeof WebhookAction>;

/** E-mail to an address (`targetType: "Email"`); Sentry's Member/Team targets are not supported. */
export const EmailAction = z.object({
	id: z.literal(EMAIL_ACTION),
	name,
	targetType: z.literal("Email"),
	targetIdentifier: z.email(),
});
export type EmailAction = z.infer<typeof EmailAction>;

export const RuleAction = z.discriminatedUnion("id", [WebhookAction, EmailAction]);
export type RuleAction = z.infer<typeof RuleAction>;

/** What a rule is evaluated on: one stored event and what it did to its issue. */
export interface EventFacts {
	level: string;
	environment: string | null;
	tags: [string, string][];
	newIssue: boolean;
	regression: boolean;
}

export interface EvaluatedRule {
	environment: string | null;
	actionMatch: "all" | "any" | "none";
	filterMatch: "all" | "any" | "none";
	conditions: RuleCondition[];
	filters: RuleFilter[];
}

/** The issue's events in each interval, counting the event being evaluated. */
export type FrequencyCounts = Partial<Record<Interval, number>>;

function conditionPasses(condition: RuleCondition, facts: EventFacts, counts: FrequencyCounts): boolean {
	switch (condition.id) {
		case FIRST_SEEN:
			return facts.newIssue;
		case REGRESSION:
			return facts.regression;
		case EVENT_FREQUENCY:
			return (counts[condition.interval] ?? 0) > condition.value;
	}
}

function levelPasses(filter: Extract<RuleFilter, { id: typeof LEVEL_FILTER }>, level: string): boolean {
	const actual = LEVELS[level];
	if (actual === undefined) return false;
	const wanted = Number(filter.level);
	if (filter.match === "eq") return actual === wanted;
	return filter.match === "gte" ? actual >= wanted : actual <= wanted;
}

/** As Sentry's TaggedEventFilter: keys and values compared case-insensitively. */
function tagPasses(filter: Extract<RuleFilter, { id: typeof TAGGED_EVENT_FILTER }>, tags: [string, string][]): boolean {
	const key = filter.key.toLowerCase();
	const values = tags.filter(([tagKey]) => tagKey.toLowerCase() === key).map(([, value]) => value.toLowerCase());
	if (filter.match === "is") return values.length > 0;
	if (filter.match === "ns") return values.length === 0;
	const wanted = filter.value.toLowerCase();
	if (!wanted) return false;
	switch (filter.match) {
		case "eq":
			return values.includes(wanted);
		case "ne":
			return !values.includes(wanted);
		case "sw":
			return values.some((value) => value.startsWith(wanted));
		case "ew":
			return values.some((value) => value.endsWith(wanted));
		case "co":
			return values.some((value) => value.includes(wanted));
		case "nc":
			return !values.some((value) => value.includes(wanted));
	}
}

function filterPasses(filter: RuleFilter, facts: EventFacts): boolean {
	return filter.id === LEVEL_FILTER ? levelPasses(filter, facts.level) : tagPasses(filter, facts.tags);
}

export function evaluateRule(rule: EvaluatedRule, facts: EventFacts, counts: FrequencyCounts): boolean {
	if (rule.environment !== null && rule.environment !== facts.environment) return false;
	if (
		rule.filters.length &&
		!matches(
			rule.filterMatch,
			rule.filters.map((filter) => filterPasses(filter, facts)),
		)
	)
		return false;
	return matches(
		rule.actionMatch,
		rule.conditions.map((condition) => conditionPasses(condition, facts, counts)),
	);
}

function matches(match: "all" | "any" | "none", results: boolean[]): boolean {
	if (match === "all") return results.every(Boolean);
	return match === "any" ? results.some(Boolean) : !results.some(Boolean);
}

/** The intervals a rule's frequency conditions need counted. */
export const intervalsOf = (rule: EvaluatedRule): Interval[] =>
	rule.conditions.flatMap((condition) => (condition.id === EVENT_FREQUENCY ? [condition.interval] : []));

export interface CountBucket {
	resolution: "minute" | "hour";
	bucket: number;
	count: number;
}

/**
 * Events in the interval ending at `now`: intervals up to an hour sum minute buckets, longer ones
 * hour buckets (so the oldest bucket may reach up to a minute or an hour before the interval).
 */
export function countInInterval(buckets: CountBucket[], interval: Interval, now: number): number {
	const length = INTERVALS[interval];
	const resolution = length <= INTERVALS["1h"] ? "minute" : "hour";
	const size = resolution === "minute" ? 60_000 : 3_600_000;
	const from = Math.floor((now - length) / size) * size;
	return buckets
		.filter((bucket) => bucket.resolution === resolution && bucket.bucket >= from && bucket.bucket <= now)
		.reduce((total, bucket) => total + bucket.count, 0);
}
