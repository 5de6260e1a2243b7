/** Issues and events in the JSON shapes of Sentry's Web API. */
import type { events, GroupType, groupActivity, groups, groupTagValues, projects } from "../../../schema/region";
import { shortId } from "./search";
import type { Assignee } from "./workflow";

type Project = typeof projects.$inferSelect;

/** Sentry's issueType and issueCategory of each kind of issue. */
const ISSUE_KINDS: Record<GroupType, { issueType: string; issueCategory: string }> = {
	error: { issueType: "error", issueCategory: "error" },
	default: { issueType: "error", issueCategory: "error" },
	csp: { issueType: "error", issueCategory: "error" },
	cron: { issueType: "monitor_check_in_failure", issueCategory: "cron" },
	feedback: { issueType: "feedback", issueCategory: "feedback" },
};
const issueKindOf = (type: GroupType) => ISSUE_KINDS[type];

/** What an issue is to the caller and its members: assignee, the caller's marks, comments. */
export interface IssueViewerState {
	assignedTo: Assignee | null;
	isBookmarked: boolean;
	hasSeen: boolean;
	isSubscribed: boolean;
	numComments: number;
}

export function serializeIssue(
	group: typeof groups.$inferSelect,
	project: Project,
	userCount: number,
	publicUrl: URL,
	organizationSlug: string,
	viewer: IssueViewerState,
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
		statusDetails: group.statusDetails,
		substatus: group.substatus,
		isPublic: false,
		platform: group.platform,
		project: { id: String(project.id), name: project.name, slug: project.slug, platform: project.platform },
		type: group.type,
		...issueKindOf(group.type),
		metadata: group.metadata,
		numComments: viewer.numComments,
		assignedTo: viewer.assignedTo,
		isBookmarked: viewer.isBookmarked,
		isSubscribed: viewer.isSubscribed,
		hasSeen: viewer.hasSeen,
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

/** Sentry's Activity JSON; a `note` is a comment (`data.text`, `data.mentions`). */
export function serializeActivity(row: typeof groupActivity.$inferSelect, user: Assignee | null) {
	return {
		id: String(row.id),
		user: user ? { id: user.id, name: user.name, username: user.email, email: user.email } : null,
		sentry_app: null,
		type: row.type,
		data: row.data,
		dateCreated: row.createdAt.toISOString(),
	};
}

type TagValueRow = Pick<typeof groupTagValues.$inferSelect, "value" | "count" | "firstSeen" | "lastSeen">;

/** Sentry's tag value JSON (`…/tags/{key}/values/`, and `topValues` of a tag). */
export const serializeTagValue = (key: string, row: TagValueRow) => ({
	key,
	name: row.value,
	value: row.value,
	count: row.count,
	firstSeen: row.firstSeen.toISOString(),
	lastSeen: row.lastSeen.toISOString(),
});
