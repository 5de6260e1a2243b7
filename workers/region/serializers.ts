/** Region objects in the JSON shapes of Sentry's Web API. */
import type { events, groups, organizations, projectKeys, projects } from "../../schema/region";
import { buildDsn } from "../lib/dsn";
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
