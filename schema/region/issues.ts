/** Issues (groups), their events, users, activity and counts. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, timestamp } from "../columns";
import { organizations } from "./organizations";
import { projectOwned, projects } from "./projects";

/**
 * What an issue is of: error events (`error`, `default` for message-only, `csp` for security reports), a
 * cron monitor's failures (`cron`), user feedback (`feedback`). The API's issueType and issueCategory
 * follow from it (workers/region/issues/serializers.ts).
 */
export const GROUP_TYPES = ["error", "default", "csp", "cron", "feedback"] as const;
export type GroupType = (typeof GROUP_TYPES)[number];

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
		type: text("type", { enum: GROUP_TYPES }).notNull(),
		level: text("level").notNull(),
		platform: text("platform").notNull(),
		metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
		status: text("status", { enum: ["unresolved", "resolved", "ignored"] })
			.notNull()
			.default("unresolved"),
		substatus: text("substatus", {
			enum: ["new", "ongoing", "regressed", "archived_forever", "archived_until_condition_met"],
		}),
		timesSeen: integer("times_seen").notNull(),
		firstSeen: timestamp("first_seen").notNull(),
		lastSeen: timestamp("last_seen").notNull(),
		firstRelease: text("first_release"),
		resolvedAt: timestamp("resolved_at"),
		/** Sentry's statusDetails as set by the last status change (inRelease, inNextRelease, ignoreUntil, ignoreCount …). */
		statusDetails: text("status_details", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
		/** An ignored issue is unresolved again by an event after this time (`ignoreDuration`) … */
		ignoreUntil: timestamp("ignore_until"),
		/** … or once it has been seen this many times in all (`ignoreCount`). */
		ignoreUntilTimesSeen: integer("ignore_until_times_seen"),
		/** The member it is assigned to (a user id of the control silo), or null. */
		assigneeUserId: integer("assignee_user_id"),
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

/** Sentry's activity types that Faultline records; `note` is a comment. */
export const ACTIVITY_TYPES = [
	"first_seen",
	"set_regression",
	"set_resolved",
	"set_resolved_in_release",
	"set_unresolved",
	"set_ignored",
	"assigned",
	"unassigned",
	"merge",
	"note",
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/**
 * What happened to an issue (Sentry's Activity): written in the ingest batch that caused it, or by
 * the API call of the person who did it. Comments are `note` activities.
 */
export const groupActivity = sqliteTable(
	"group_activity",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		groupId: integer("group_id")
			.notNull()
			.references(() => groups.id, { onDelete: "cascade" }),
		type: text("type", { enum: ACTIVITY_TYPES }).notNull(),
		/**
		 * The event that caused it (ingest, the cron clock); for what a person did, a random id of the
		 * action, so that the unique index dedupes only redelivered ingest.
		 */
		eventId: text("event_id").notNull(),
		createdAt: createdAt(),
		/** Who did it (a user id of the control silo), null for the system. */
		userId: integer("user_id"),
		/** Sentry's activity `data`: a note's text and mentions, the assignee, the merged issues … */
		data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
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

/** Each member's own marks on an issue: bookmarked, seen, subscribed (Sentry's GroupBookmark, GroupSeen, GroupSubscription). */
export const groupUserStates = sqliteTable(
	"group_user_states",
	{
		groupId: integer("group_id")
			.notNull()
			.references(() => groups.id, { onDelete: "cascade" }),
		userId: integer("user_id").notNull(),
		isBookmarked: integer("is_bookmarked", { mode: "boolean" }).notNull().default(false),
		hasSeen: integer("has_seen", { mode: "boolean" }).notNull().default(false),
		isSubscribed: integer("is_subscribed", { mode: "boolean" }).notNull().default(false),
	},
	(table) => [
		uniqueIndex("group_user_states_group_id_user_id_idx").on(table.groupId, table.userId),
		index("group_user_states_user_id_idx").on(table.userId),
	],
);

/**
 * Grouping hashes of issues merged into another (Sentry's GroupHash moved to the parent): a later
 * event with one of these hashes lands in `groupId`. Gone with the parent.
 */
export const groupMergedHashes = sqliteTable(
	"group_merged_hashes",
	{
		projectId: integer("project_id")
			.notNull()
			.references(() => projects.id, { onDelete: "cascade" }),
		hash: text("hash").notNull(),
		groupId: integer("group_id")
			.notNull()
			.references(() => groups.id, { onDelete: "cascade" }),
	},
	(table) => [
		uniqueIndex("group_merged_hashes_project_id_hash_idx").on(table.projectId, table.hash),
		index("group_merged_hashes_group_id_idx").on(table.groupId),
	],
);

/** Events per issue and tag value, kept at ingest (bounded per key), for the tag distribution and `<tag>:<value>` search. */
export const groupTagValues = sqliteTable(
	"group_tag_values",
	{
		groupId: integer("group_id")
			.notNull()
			.references(() => groups.id, { onDelete: "cascade" }),
		key: text("key").notNull(),
		value: text("value").notNull(),
		count: integer("count").notNull(),
		firstSeen: timestamp("first_seen").notNull(),
		lastSeen: timestamp("last_seen").notNull(),
	},
	(table) => [uniqueIndex("group_tag_values_group_id_key_value_idx").on(table.groupId, table.key, table.value)],
);

/** Hashes of discarded issues (Sentry's GroupTombstone): later events with them are dropped at ingest. */
export const groupTombstones = sqliteTable(
	"group_tombstones",
	{
		organizationId: integer("organization_id")
			.notNull()
			.references(() => organizations.id, { onDelete: "cascade" }),
		projectId: integer("project_id")
			.notNull()
			.references(() => projects.id, { onDelete: "cascade" }),
		hash: text("hash").notNull(),
		createdAt: createdAt(),
	},
	(table) => [uniqueIndex("group_tombstones_project_id_hash_idx").on(table.projectId, table.hash)],
);
