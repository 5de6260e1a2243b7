/** Issue alert rules in the JSON shape of Sentry's Web API, each condition, filter and action with its label. */
import type { alertRules } from "../../../schema/region";
import {
	EVENT_FREQUENCY,
	FIRST_SEEN,
	LEVEL_FILTER,
	REGRESSION,
	type RuleAction,
	type RuleCondition,
	type RuleFilter,
	WEBHOOK_ACTION,
} from "./rules";

const LEVEL_NAMES: Record<string, string> = {
	"10": "debug",
	"20": "info",
	"30": "warning",
	"40": "error",
	"50": "fatal",
};
const MATCH_NAMES: Record<string, string> = {
	eq: "equal to",
	gte: "greater than or equal to",
	lte: "less than or equal to",
	ne: "not equal to",
	sw: "starts with",
	ew: "ends with",
	co: "contains",
	nc: "does not contain",
	is: "is set",
	ns: "is not set",
};

/** The human label Sentry shows as a condition's, filter's or action's `name`. */
function labelOf(item: RuleCondition | RuleFilter | RuleAction): string {
	switch (item.id) {
		case FIRST_SEEN:
			return "A new issue is created";
		case REGRESSION:
			return "The issue changes state from resolved to unresolved";
		case EVENT_FREQUENCY:
			return `The issue is seen more than ${item.value} times in ${item.interval}`;
		case LEVEL_FILTER:
			return `The event's level is ${MATCH_NAMES[item.match]} ${LEVEL_NAMES[item.level]}`;
		case WEBHOOK_ACTION:
			return `Send a notification via webhooks to ${item.url}`;
		default:
			return "key" in item
				? `The event's tags match ${item.key} ${MATCH_NAMES[item.match]} ${item.value}`.trimEnd()
				: `Send a notification to ${item.targetIdentifier}`;
	}
}

const labelled = <T extends RuleCondition | RuleFilter | RuleAction>(items: T[]) =>
	items.map((item) => ({ ...item, name: labelOf(item) }));

export function serializeRule(rule: typeof alertRules.$inferSelect, projectSlug: string) {
	return {
		id: String(rule.id),
		conditions: labelled(rule.conditions),
		filters: labelled(rule.filters),
		actions: labelled(rule.actions),
		actionMatch: rule.actionMatch,
		filterMatch: rule.filterMatch,
		frequency: rule.frequencyMinutes,
		name: rule.name,
		dateCreated: rule.createdAt.toISOString(),
		owner: null,
		createdBy: null,
		environment: rule.environment,
		projects: [projectSlug],
		status: rule.status,
		snooze: false,
	};
}
