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

/** What happened to an issue (Sentry's Activity), written in the ingest batch that caused it. */
export const groupActivity = sqliteTable(
	"group_activity",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		groupId: integer("group_id")
			.notNull()
			.references(() => groups.id, { onDelete: "cascade" }),
		type: text("type", { enum: ["first_seen", "set_regression", "set_resolved"] }).notNull(),
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
