/** Region objects in the JSON shapes of Sentry's Web API. */
import type { alertRules, events, groups, organizations, projectKeys, projects } from "../../schema/region";
import { buildDsn } from "../lib/dsn";
import {
	EVENT_FREQUENCY,
	FIRST_SEEN,
	LEVEL_FILTER,
	REGRESSION,
	type RuleAction,
	type RuleCondition,
	type RuleFilter,
	WEBHOOK_ACTION,
} from "./alert-rules";
import { filterOptionsOf } from "./inbound-filters";
import { shortId } from "./issue-search";

type Project = typeof projects.$inferSelect;
type Organization = typeof organizations.$inferSelect;

export function serializeProject(project: Project, organization: Organization) {
	return {
		id: String(project.id),
		slug: project.slug,
		name: project.name,
		platform: project.platform,
		status: project.status,
		dateCreated: project.createdAt.toISOString(),
		isMember: true,
		hasAccess: true,
		features: [],
		allowedDomains: project.allowedDomains,
		organization: { id: String(organization.id), slug: organization.slug, name: organization.name },
	};
}

/** One project as Sentry's project details show it: with its options (here the inbound-filter globs). */
export function serializeProjectDetails(project: Project, organization: Organization) {
	return { ...serializeProject(project, organization), options: filterOptionsOf(project.filterSettings) };
}

export function serializeKey(key: typeof projectKeys.$inferSelect, regionName: string, publicUrl: URL) {
	const dsn = buildDsn({
		publicKey: key.publicKey,
		projectId: key.projectId,
		organizationId: key.organizationId,
		regionName,
		publicUrl,
	});
	const ingest = new URL(dsn);
	const endpoint = (path: string) =>
		`${ingest.protocol}//${ingest.host}/api/${key.projectId}/${path}/?sentry_key=${key.publicKey}`;
	return {
		id: key.publicKey,
		name: key.label,
		label: key.label,
		public: key.publicKey,
		secret: key.secretKey,
		projectId: key.projectId,
		isActive: key.status === "active",
		rateLimit: key.rateLimitCount ? { count: key.rateLimitCount, window: key.rateLimitWindow } : null,
		dsn: {
			public: dsn,
			secret: dsn.replace(`${key.publicKey}@`, `${key.publicKey}:${key.secretKey}@`),
			csp: endpoint("security"),
			security: endpoint("security"),
			minidump: endpoint("minidump"),
			store: endpoint("store"),
			envelope: endpoint("envelope"),
		},
		dateCreated: key.createdAt.toISOString(),
	};
}

export function serializeIssue(
	group: typeof groups.$inferSelect,
	project: Project,
	userCount: number,
	publicUrl: URL,
	organizationSlug: string,
) {
	return {
		id: String(group.id),
		shortId: shortId(project.slug, group.shortId),
		title: group.title,
		culprit: group.culprit,
		permalink: new URL(`/organizations/${organizationSlug}/issues/${group.id}/`, publicUrl).href,
		logger: null,
		level: group.level,
		status: group.status,
		statusDetails: {},
		substatus: group.substatus,
		isPublic: false,
		platform: group.platform,
		project: { id: String(project.id), name: project.name, slug: project.slug, platform: project.platform },
		type: group.type,
		issueType: "error",
		issueCategory: "error",
		metadata: group.metadata,
		numComments: 0,
		assignedTo: null,
		isBookmarked: false,
		isSubscribed: false,
		hasSeen: false,
		annotations: [],
		count: String(group.timesSeen),
		userCount,
		firstSeen: group.firstSeen.toISOString(),
		lastSeen: group.lastSeen.toISOString(),
		firstRelease: group.firstRelease ? { version: group.firstRelease } : null,
	};
}

type EventRow = typeof events.$inferSelect;

export function serializeEventSummary(row: EventRow) {
	return {
		id: row.eventId,
		eventID: row.eventId,
		groupID: String(row.groupId),
		projectID: String(row.projectId),
		title: row.title,
		message: row.message,
		culprit: row.culprit,
		platform: row.platform,
		dateCreated: row.timestamp.toISOString(),
		dateReceived: row.receivedAt.toISOString(),
		"event.type": "error",
		tags: row.tags.map(([key, value]) => ({ key, value })),
	};
}

/** The full event: the stored body, reshaped into Sentry's `entries`. */
export function serializeEvent(row: EventRow, body: Record<string, unknown>) {
	const entries: { type: string; data: unknown }[] = [];
	if (body.exception) entries.push({ type: "exception", data: body.exception });
	if (body.stacktrace) entries.push({ type: "stacktrace", data: body.stacktrace });
	if (body.breadcrumbs) entries.push({ type: "breadcrumbs", data: body.breadcrumbs });
	if (body.logentry) entries.push({ type: "message", data: body.logentry });
	if (body.request) entries.push({ type: "request", data: body.request });
	if (body.csp) entries.push({ type: "csp", data: body.csp });
	return {
		...serializeEventSummary(row),
		type: body.type ?? "error",
		level: row.level,
		metadata: body.metadata ?? {},
		entries,
		contexts: body.contexts ?? {},
		user: body.user ?? null,
		sdk: body.sdk ?? null,
		release: row.release ? { version: row.release } : null,
		environment: row.environment,
		fingerprints: body.hashes ?? [],
		errors: body.errors ?? [],
		extra: body.extra ?? {},
		raw: body,
	};
}

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
