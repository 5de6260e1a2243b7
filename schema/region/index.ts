/** Tables of the region silo: one region's organizations and everything that belongs to them. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { FilterSettings } from "../workers/lib/project-config";
import type { Quota } from "../workers/lib/quotas";
import type { RuleAction, RuleCondition, RuleFilter } from "../workers/region/alert-rules";
import { createdAt, outboxColumns, timestamp } from "./columns";
import { siloTables } from "./silo-tables";

export const organizations = sqliteTable("organizations", {
	/** Snowflake id, unique across regions; the same id as the control silo's mapping. */
	id: integer("id").primaryKey(),
	slug: text("slug").notNull().unique(),
	name: text("name").notNull(),
	status: text("status", { enum: ["active", "pending_deletion"] })
		.notNull()
		.default("active"),
	createdAt: createdAt(),
});

export const projects = sqliteTable(
	"projects",
	{
		id: integer("id").primaryKey(),
		organizationId: integer("organization_id")
			.notNull()
			.references(() => organizations.id, { onDelete: "cascade" }),
		slug: text("slug").notNull(),
		name: text("name").notNull(),
		platform: text("platform"),
		status: text("status", { enum: ["active", "pending_deletion"] })
			.notNull()
			.default("active"),
		/** Origins browsers may send events from (`*` for any), as Sentry's allowed domains. */
		allowedDomains: text("allowed_domains", { mode: "json" }).$type<string[]>().notNull().default(["*"]),
		/** Inbound filters, in the project-config shape (workers/lib/project-config.ts). */
		filterSettings: text("filter_settings", { mode: "json" }).$type<FilterSettings>().notNull().default({}),
		eventRetentionDays: integer("event_retention_days").notNull().default(90),
		/** Organization, project and key quotas enforced by the relay (workers/lib/quotas.ts). */
		quotas: text("quotas", { mode: "json" }).$type<Quota[]>().notNull().default([]),
		createdAt: createdAt(),
	},
	(table) => [uniqueIndex("projects_organization_id_slug_idx").on(table.organizationId, table.slug)],
);

export const projectKeys = sqliteTable(
	"project_keys",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		organizationId: integer("organization_id")
			.notNull()
			.references(() => organizations.id, { onDelete: "cascade" }),
		projectId: integer("project_id")
			.notNull()
			.references(() => projects.id, { onDelete: "cascade" }),
		label: text("label").notNull().default("Default"),
		/** The DSN's public key: 32 lower-case hex characters. */
		publicKey: text("public_key").notNull().unique(),
		secretKey: text("secret_key").notNull(),
		status: text("status", { enum: ["active", "disabled"] })
			.notNull()
			.default("active"),
		/** Key-level rate limit: at most `rateLimitCount` events per `rateLimitWindow` seconds. */
		rateLimitCount: integer("rate_limit_count"),
		rateLimitWindow: integer("rate_limit_window"),
		createdAt: createdAt(),
	},
	(table) => [index("project_keys_project_id_idx").on(table.projectId)],
);

/** The organization and project a row belongs to; rows go when their project goes. */
const projectOwned = () => ({
	organizationId: integer("organization_id").notNull(),
	projectId: integer("project_id")
		.notNull()
		.references(() => projects.id, { onDelete: "cascade" }),
});

/** Releases (Sentry's org-scoped releases): a version, the projects it ships in, its commits. */
export const releases = sqliteTable(
	"releases",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		organizationId: integer("organization_id")
			.notNull()
			.references(() => organizations.id, { onDelete: "cascade" }),
		version: text("version").notNull(),
		/** `archived` releases are left out of listings unless asked for (`releases archive|restore`). */
		status: text("status", { enum: ["open", "archived"] })
			.notNull()
			.default("open"),
		ref: text("ref"),
		url: text("url"),
		/** Head commits per repository as the client named them (`refs` of Sentry's release API). */
		refs: text("refs", { mode: "json" })
			.$type<{ repository: string; commit: string; previousCommit: string | null }[]>()
			.notNull()
			.default([]),
		dateStarted: timestamp("date_started"),
		dateReleased: timestamp("date_released"),
		createdAt: createdAt(),
	},
	(table) => [uniqueIndex("releases_organization_id_version_idx").on(table.organizationId, table.version)],
);

export const releaseProjects = sqliteTable(
	"release_projects",
	{
		organizationId: integer("organization_id").notNull(),
		releaseId: integer("release_id")
			.notNull()
			.references(() => releases.id, { onDelete: "cascade" }),
		projectId: integer("project_id")
			.notNull()
			.references(() => projects.id, { onDelete: "cascade" }),
	},
	(table) => [
		uniqueIndex("release_projects_release_id_project_id_idx").on(table.releaseId, table.projectId),
		index("release_projects_project_id_idx").on(table.projectId),
	],
);

/** Deploys of a release to an environment (`sentry-cli releases deploys <version> new -e <env>`). */
export const releaseDeploys = sqliteTable(
	"release_deploys",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		organizationId: integer("organization_id").notNull(),
		releaseId: integer("release_id")
			.notNull()
			.references(() => releases.id, { onDelete: "cascade" }),
		environment: text("environment").notNull(),
		name: text("name"),
		url: text("url"),
		dateStarted: timestamp("date_started"),
		dateFinished: timestamp("date_finished").notNull(),
	},
	(table) => [index("release_deploys_release_id_idx").on(table.releaseId)],
);

/** A release's commits, newest first by `position`, as `set-commits` sends them. */
export const releaseCommits = sqliteTable(
	"release_commits",
	{
		organizationId: integer("organization_id").notNull(),
		releaseId: integer("release_id")
			.notNull()
			.references(() => releases.id, { onDelete: "cascade" }),
		position: integer("position").notNull(),
		commitId: text("commit_id").notNull(),
		repository: text("repository"),
		message: text("message"),
		authorName: text("author_name"),
		authorEmail: text("author_email"),
		timestamp: timestamp("timestamp"),
	},
	(table) => [uniqueIndex("release_commits_release_id_position_idx").on(table.releaseId, table.position)],
);

/** Writes that must reach the control silo, written in the same D1 batch as their cause. */
export const regionOutbox = sqliteTable("region_outbox", outboxColumns(), (table) => [
	index("region_outbox_scheduled_for_idx").on(table.scheduledFor),
]);

/** Issues (Sentry's groups): events with the same grouping hash in one project. */
export const groups = sqliteTable(
	"groups",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		organizationId: integer("organization_id")
			.notNull()
			.references(() => organizations.id, { onDelete: "cascade" }),
		projectId: integer("project_id")
			.notNull()
			.references(() => projects.id, { onDelete: "cascade" }),
		/** Per-project sequence behind the short id (`DEFAULT-1A`). */
		shortId: integer("short_id").notNull(),
		hash: text("hash").notNull(),
		title: text("title").notNull(),
		culprit: text("culprit").notNull().default(""),
		type: text("type", { enum: ["error", "default", "csp"] }).notNull(),
		level: text("level").notNull(),
		platform: text("platform").notNull(),
		metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
		status: text("status", { enum: ["unresolved", "resolved", "ignored"] })
			.notNull()
			.default("unresolved"),
		substatus: text("substatus", { enum: ["new", "ongoing", "regressed", "archived_forever"] }),
		timesSeen: integer("times_seen").notNull(),
		firstSeen: timestamp("first_seen").notNull(),
		lastSeen: timestamp("last_seen").notNull(),
		firstRelease: text("first_release"),
		resolvedAt: timestamp("resolved_at"),
	},
	(table) => [
		uniqueIndex("groups_project_id_hash_idx").on(table.projectId, table.hash),
		uniqueIndex("groups_project_id_short_id_idx").on(table.projectId, table.shortId),
		index("groups_organization_id_last_seen_idx").on(table.organizationId, table.lastSeen),
	],
);

/** Distinct users per issue (an id, e-mail, username or IP), for `userCount`. */
export const groupUsers = sqliteTable(
	"group_users",
	{
		groupId: integer("group_id")
			.notNull()
			.references(() => groups.id, { onDelete: "cascade" }),
		userKey: text("user_key").notNull(),
	},
	(table) => [uniqueIndex("group_users_group_id_user_key_idx").on(table.groupId, table.userKey)],
);

/** Error and message events: the searchable columns; the full body is in R2 under `bodyKey`. */
export const events = sqliteTable(
	"events",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		...projectOwned(),
		groupId: integer("group_id")
			.notNull()
			.references(() => groups.id, { onDelete: "cascade" }),
		eventId: text("event_id").notNull(),
		timestamp: timestamp("timestamp").notNull(),
		receivedAt: timestamp("received_at").notNull(),
		level: text("level").notNull(),
		platform: text("platform").notNull(),
		title: text("title").notNull(),
		message: text("message").notNull().default(""),
		culprit: text("culprit").notNull().default(""),
		release: text("release"),
		environment: text("environment"),
		userKey: text("user_key"),
		tags: text("tags", { mode: "json" }).$type<[string, string][]>().notNull(),
		bodyKey: text("body_key").notNull(),
	},
	(table) => [
		uniqueIndex("events_project_id_event_id_idx").on(table.projectId, table.eventId),
		index("events_group_id_timestamp_idx").on(table.groupId, table.timestamp),
		index("events_organization_id_received_at_idx").on(table.organizationId, table.receivedAt),
	],
);

/** Performance events: one row per transaction (and standalone span), with its duration and status. */
export const transactions = sqliteTable(
	"transactions",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		...projectOwned(),
		eventId: text("event_id").notNull(),
		name: text("name").notNull(),
		op: text("op"),
		status: text("status"),
		traceId: text("trace_id"),
		startTimestamp: timestamp("start_timestamp").notNull(),
		timestamp: timestamp("timestamp").notNull(),
		durationMs: integer("duration_ms").notNull(),
		release: text("release"),
		environment: text("environment"),
		bodyKey: text("body_key"),
	},
	(table) => [uniqueIndex("transactions_project_id_event_id_idx").on(table.projectId, table.eventId)],
);

/** Release health: session counts per release, environment and hour. */
export const releaseSessions = sqliteTable(
	"release_sessions",
	{
		...projectOwned(),
		release: text("release").notNull(),
		environment: text("environment").notNull().default(""),
		bucket: timestamp("bucket").notNull(),
		started: integer("started").notNull().default(0),
		errored: integer("errored").notNull().default(0),
		crashed: integer("crashed").notNull().default(0),
		abnormal: integer("abnormal").notNull().default(0),
	},
	(table) => [
		uniqueIndex("release_sessions_key_idx").on(table.projectId, table.release, table.environment, table.bucket),
	],
);

export const attachments = sqliteTable(
	"attachments",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		...projectOwned(),
		eventId: text("event_id").notNull(),
		name: text("name").notNull(),
		contentType: text("content_type"),
		attachmentType: text("attachment_type").notNull(),
		size: integer("size").notNull(),
		bodyKey: text("body_key").notNull(),
		createdAt: createdAt(),
	},
	(table) => [
		uniqueIndex("attachments_body_key_idx").on(table.bodyKey),
		index("attachments_event_idx").on(table.projectId, table.eventId),
	],
);

/** User feedback: legacy `user_report` items and new `feedback` items. */
export const userReports = sqliteTable(
	"user_reports",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		...projectOwned(),
		eventId: text("event_id").notNull(),
		name: text("name").notNull().default(""),
		email: text("email").notNull().default(""),
		comments: text("comments").notNull(),
		createdAt: createdAt(),
	},
	(table) => [uniqueIndex("user_reports_project_id_event_id_idx").on(table.projectId, table.eventId)],
);

/** Cron monitors, made on their first check-in, and their check-ins. */
export const monitors = sqliteTable(
	"monitors",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		...projectOwned(),
		slug: text("slug").notNull(),
		status: text("status").notNull().default("ok"),
		lastCheckIn: timestamp("last_check_in"),
	},
	(table) => [uniqueIndex("monitors_project_id_slug_idx").on(table.projectId, table.slug)],
);

export const monitorCheckIns = sqliteTable(
	"monitor_check_ins",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		monitorId: integer("monitor_id")
			.notNull()
			.references(() => monitors.id, { onDelete: "cascade" }),
		checkInId: text("check_in_id").notNull(),
		status: text("status").notNull(),
		durationMs: integer("duration_ms"),
		environment: text("environment"),
		dateCreated: timestamp("date_created").notNull(),
	},
	(table) => [uniqueIndex("monitor_check_ins_monitor_id_check_in_id_idx").on(table.monitorId, table.checkInId)],
);

/** Outcome counters (accepted, filtered, rate limited, invalid, client discards) per hour. */
export const outcomes = sqliteTable(
	"outcomes",
	{
		organizationId: integer("organization_id").notNull(),
		projectId: integer("project_id").notNull(),
		keyId: integer("key_id").notNull().default(0),
		bucket: timestamp("bucket").notNull(),
		outcome: text("outcome").notNull(),
		reason: text("reason").notNull().default(""),
		category: text("category").notNull(),
		quantity: integer("quantity").notNull(),
	},
	(table) => [
		uniqueIndex("outcomes_key_idx").on(
			table.organizationId,
			table.projectId,
			table.keyId,
			table.bucket,
			table.outcome,
			table.reason,
			table.category,
		),
	],
);

/**
 * Copies of the control silo's API tokens (hashes only) for users with organizations in this
 * region, so the region authenticates direct API calls itself; kept current through the outbox.
 */
export const apiTokenReplicas = sqliteTable("api_token_replicas", {
	hashedToken: text("hashed_token").primaryKey(),
	userId: integer("user_id").notNull(),
	scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
	expiresAt: timestamp("expires_at"),
});

/** Copies of organization memberships (who may use which organization of this region). */
export const organizationMemberReplicas = sqliteTable(
	"organization_member_replicas",
	{
		organizationId: integer("organization_id")
			.notNull()
			.references(() => organizations.id, { onDelete: "cascade" }),
		userId: integer("user_id").notNull(),
		role: text("role", { enum: ["owner", "member"] }).notNull(),
	},
	(table) => [uniqueIndex("organization_member_replicas_org_user_idx").on(table.organizationId, table.userId)],
);

/** What happened to an issue (Sentry's Activity), written in the ingest batch that caused it. */
export const groupActivity = sqliteTable(
	"group_activity",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		groupId: integer("group_id")
			.notNull()
			.references(() => groups.id, { onDelete: "cascade" }),
		type: text("type", { enum: ["first_seen", "set_regression"] }).notNull(),
		/** The event that caused it. */
		eventId: text("event_id").notNull(),
		createdAt: createdAt(),
	},
	(table) => [uniqueIndex("group_activity_group_id_event_id_type_idx").on(table.groupId, table.eventId, table.type)],
);

/** Events per issue and minute or hour, for "seen more than N times in an interval" without scanning events. */
export const groupCounts = sqliteTable(
	"group_counts",
	{
		groupId: integer("group_id")
			.notNull()
			.references(() => groups.id, { onDelete: "cascade" }),
		resolution: text("resolution", { enum: ["minute", "hour"] }).notNull(),
		bucket: timestamp("bucket").notNull(),
		count: integer("count").notNull(),
	},
	(table) => [uniqueIndex("group_counts_key_idx").on(table.groupId, table.resolution, table.bucket)],
);

/** Issue alert rules (Sentry's Rule), in Sentry's JSON shapes (workers/region/alert-rules.ts). */
export const alertRules = sqliteTable(
	"alert_rules",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		...projectOwned(),
		name: text("name").notNull(),
		environment: text("environment"),
		actionMatch: text("action_match", { enum: ["all", "any", "none"] }).notNull(),
		filterMatch: text("filter_match", { enum: ["all", "any", "none"] }).notNull(),
		/** The action interval: the rule fires at most once per issue in this many minutes. */
		frequencyMinutes: integer("frequency_minutes").notNull(),
		conditions: text("conditions", { mode: "json" }).$type<RuleCondition[]>().notNull(),
		filters: text("filters", { mode: "json" }).$type<RuleFilter[]>().notNull(),
		actions: text("actions", { mode: "json" }).$type<RuleAction[]>().notNull(),
		/** The per-rule HMAC-SHA256 key that signs its webhooks. */
		webhookSecret: text("webhook_secret").notNull(),
		status: text("status", { enum: ["active", "disabled"] })
			.notNull()
			.default("active"),
		createdAt: createdAt(),
	},
	(table) => [index("alert_rules_project_id_idx").on(table.projectId)],
);

/** When a rule last fired for an issue, for the action interval. */
export const alertRuleStatus = sqliteTable(
	"alert_rule_status",
	{
		ruleId: integer("rule_id")
			.notNull()
			.references(() => alertRules.id, { onDelete: "cascade" }),
		groupId: integer("group_id")
			.notNull()
			.references(() => groups.id, { onDelete: "cascade" }),
		lastFiredAt: timestamp("last_fired_at").notNull(),
		lastEventId: text("last_event_id").notNull(),
	},
	(table) => [uniqueIndex("alert_rule_status_rule_id_group_id_idx").on(table.ruleId, table.groupId)],
);

/** Each firing of a rule (Sentry's RuleFireHistory); one per rule and event. */
export const alertRuleFires = sqliteTable(
	"alert_rule_fires",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		...projectOwned(),
		ruleId: integer("rule_id")
			.notNull()
			.references(() => alertRules.id, { onDelete: "cascade" }),
		groupId: integer("group_id")
			.notNull()
			.references(() => groups.id, { onDelete: "cascade" }),
		eventId: text("event_id").notNull(),
		firedAt: timestamp("fired_at").notNull(),
	},
	(table) => [
		uniqueIndex("alert_rule_fires_rule_id_event_id_idx").on(table.ruleId, table.eventId),
		index("alert_rule_fires_rule_id_fired_at_idx").on(table.ruleId, table.firedAt),
	],
);

/** One action of one firing, delivered by the alerts queue's jobs; its id is the receiver's idempotency key. */
export const alertDeliveries = sqliteTable(
	"alert_deliveries",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		organizationId: integer("organization_id").notNull(),
		fireId: integer("fire_id")
			.notNull()
			.references(() => alertRuleFires.id, { onDelete: "cascade" }),
		actionIndex: integer("action_index").notNull(),
		action: text("action", { mode: "json" }).$type<RuleAction>().notNull(),
		status: text("status", { enum: ["pending", "sending", "retrying", "sent", "failed"] })
			.notNull()
			.default("pending"),
		attempts: integer("attempts").notNull().default(0),
		leaseUntil: timestamp("lease_until"),
		lastError: text("last_error"),
		responseStatus: integer("response_status"),
		sentAt: timestamp("sent_at"),
	},
	(table) => [uniqueIndex("alert_deliveries_fire_id_action_index_idx").on(table.fireId, table.actionIndex)],
);

/**
 * Source map artifact bundles (sentry-cli's `sourcemaps upload`, or release files): one row per
 * upload, its files stored one by one in R2 under `storagePrefix`.
 */
export const artifactBundles = sqliteTable(
	"artifact_bundles",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		organizationId: integer("organization_id")
			.notNull()
			.references(() => organizations.id, { onDelete: "cascade" }),
		/** SHA-1 of the uploaded zip (the assemble checksum); release files get a synthetic one. */
		checksum: text("checksum").notNull(),
		release: text("release"),
		dist: text("dist"),
		fileCount: integer("file_count").notNull(),
		storagePrefix: text("storage_prefix").notNull(),
		createdAt: createdAt(),
	},
	(table) => [uniqueIndex("artifact_bundles_organization_id_checksum_idx").on(table.organizationId, table.checksum)],
);

/** Each file of a bundle, once per project it was uploaded for: found by debug ID or by release + dist + URL. */
export const artifactBundleFiles = sqliteTable(
	"artifact_bundle_files",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		...projectOwned(),
		bundleId: integer("bundle_id")
			.notNull()
			.references(() => artifactBundles.id, { onDelete: "cascade" }),
		/** `minified_source`, `source_map`, `source` … as in the bundle's manifest. */
		type: text("type").notNull(),
		url: text("url").notNull(),
		debugId: text("debug_id"),
		release: text("release"),
		dist: text("dist"),
		/** The `sourcemap` header of a minified file: where its map is, relative to `url`. */
		sourceMapRef: text("source_map_ref"),
		objectKey: text("object_key").notNull(),
	},
	(table) => [
		index("artifact_bundle_files_project_id_debug_id_idx").on(table.projectId, table.debugId, table.type),
		index("artifact_bundle_files_project_id_release_url_idx").on(table.projectId, table.release, table.dist, table.url),
	],
);

/** Queue messages already stored, so a redelivered batch changes nothing. */
export const ingestedMessages = sqliteTable("ingested_messages", {
	key: text("key").primaryKey(),
	createdAt: createdAt(),
});

/** Messages the consumer could not process, with the reason, kept for `npm run dlq:replay`. */
export const deadLetters = sqliteTable("dead_letters", {
	id: integer("id").primaryKey({ autoIncrement: true }),
	reason: text("reason").notNull(),
	/** The message as JSON. */
	message: text("message").notNull(),
	createdAt: createdAt(),
});

export const regionSchema = siloTables("region", {
	organizations,
	projects,
	projectKeys,
	regionOutbox,
	groups,
	groupUsers,
	events,
	transactions,
	releaseSessions,
	attachments,
	userReports,
	monitors,
	monitorCheckIns,
	outcomes,
	ingestedMessages,
	deadLetters,
	apiTokenReplicas,
	organizationMemberReplicas,
	groupActivity,
	groupCounts,
	alertRules,
	alertRuleStatus,
	alertRuleFires,
	alertDeliveries,
	releases,
	releaseProjects,
	releaseCommits,
	releaseDeploys,
	artifactBundles,
	artifactBundleFiles,
});
