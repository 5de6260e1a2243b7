/**
 * Cron monitors (Sentry's Monitor, MonitorEnvironment, MonitorCheckIn, MonitorIncident): rows are
 * keyed by random 32-hex ids made when they are planned, so one ingest batch can refer to what it
 * creates. The clock reads two indexes of what is due: environments by `next_checkin_latest` and
 * in-progress check-ins by `timeout_at` (set only while in progress).
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestamp } from "../columns";
import { projectOwned } from "./projects";

export const INTERVAL_UNITS = ["year", "month", "week", "day", "hour", "minute"] as const;
export type IntervalUnit = (typeof INTERVAL_UNITS)[number];

/** A monitor's configuration as Sentry stores and serializes it; null means Sentry's default. */
export interface MonitorConfig {
	schedule_type: "crontab" | "interval";
	/** The crontab (aliases expanded), or `[count, unit]`. */
	schedule: string | [number, IntervalUnit];
	checkin_margin: number | null;
	max_runtime: number | null;
	timezone: string | null;
	failure_issue_threshold: number | null;
	recovery_threshold: number | null;
}

export const CHECK_IN_STATUSES = ["in_progress", "ok", "error", "missed", "timeout"] as const;
export type CheckInStatus = (typeof CHECK_IN_STATUSES)[number];

export const monitors = sqliteTable(
	"cron_monitors",
	{
		id: text("id").primaryKey(),
		...projectOwned(),
		slug: text("slug").notNull(),
		name: text("name").notNull(),
		status: text("status", { enum: ["active", "disabled"] })
			.notNull()
			.default("active"),
		isMuted: integer("is_muted", { mode: "boolean" }).notNull().default(false),
		config: text("config", { mode: "json" }).$type<MonitorConfig>().notNull(),
		dateCreated: timestamp("date_created").notNull(),
	},
	(table) => [
		uniqueIndex("cron_monitors_organization_id_slug_idx").on(table.organizationId, table.slug),
		index("cron_monitors_project_id_idx").on(table.projectId),
	],
);

export const monitorEnvironments = sqliteTable(
	"cron_monitor_environments",
	{
		id: text("id").primaryKey(),
		...projectOwned(),
		monitorId: text("monitor_id")
			.notNull()
			.references(() => monitors.id, { onDelete: "cascade" }),
		environment: text("environment").notNull(),
		/** `active` until the first check-in decides, then `ok` or `error` (an open incident). */
		status: text("status", { enum: ["active", "ok", "error"] })
			.notNull()
			.default("active"),
		lastCheckIn: timestamp("last_check_in"),
		nextCheckIn: timestamp("next_check_in"),
		/** When a check-in is missed: next expected plus the margin. Null while the monitor is disabled. */
		nextCheckInLatest: timestamp("next_check_in_latest"),
		/** Check-ins counted in the current minute, for the per-minute rate limit. */
		rateMinute: integer("rate_minute").notNull().default(0),
		rateCount: integer("rate_count").notNull().default(0),
		dateCreated: timestamp("date_created").notNull(),
	},
	(table) => [
		uniqueIndex("cron_monitor_environments_monitor_id_environment_idx").on(table.monitorId, table.environment),
		index("cron_monitor_environments_next_check_in_latest_idx").on(table.nextCheckInLatest, table.id),
	],
);

export const monitorCheckIns = sqliteTable(
	"cron_check_ins",
	{
		id: text("id").primaryKey(),
		...projectOwned(),
		monitorId: text("monitor_id")
			.notNull()
			.references(() => monitors.id, { onDelete: "cascade" }),
		monitorEnvironmentId: text("monitor_environment_id")
			.notNull()
			.references(() => monitorEnvironments.id, { onDelete: "cascade" }),
		/** The client's check_in_id (a fresh one for missed check-ins and zero-id check-ins). */
		guid: text("guid").notNull(),
		status: text("status", { enum: CHECK_IN_STATUSES }).notNull(),
		durationMs: integer("duration_ms"),
		dateAdded: timestamp("date_added").notNull(),
		dateUpdated: timestamp("date_updated").notNull(),
		/** When the schedule expected it, without the margin. */
		expectedTime: timestamp("expected_time"),
		/** While in progress: when it times out. */
		timeoutAt: timestamp("timeout_at"),
		monitorConfig: text("monitor_config", { mode: "json" }).$type<MonitorConfig>().notNull(),
		traceId: text("trace_id"),
	},
	(table) => [
		uniqueIndex("cron_check_ins_monitor_id_guid_idx").on(table.monitorId, table.guid),
		index("cron_check_ins_environment_date_added_idx").on(table.monitorEnvironmentId, table.dateAdded),
		index("cron_check_ins_monitor_id_date_added_idx").on(table.monitorId, table.dateAdded),
		index("cron_check_ins_timeout_at_idx").on(table.timeoutAt, table.id),
		index("cron_check_ins_date_added_idx").on(table.dateAdded),
	],
);

/** Failures past the threshold until recovery; the issue's grouping hash is `grouphash`. */
export const monitorIncidents = sqliteTable(
	"cron_incidents",
	{
		id: text("id").primaryKey(),
		...projectOwned(),
		monitorId: text("monitor_id")
			.notNull()
			.references(() => monitors.id, { onDelete: "cascade" }),
		monitorEnvironmentId: text("monitor_environment_id")
			.notNull()
			.references(() => monitorEnvironments.id, { onDelete: "cascade" }),
		startingCheckInId: text("starting_check_in_id").notNull(),
		startingTimestamp: timestamp("starting_timestamp").notNull(),
		resolvingCheckInId: text("resolving_check_in_id"),
		resolvingTimestamp: timestamp("resolving_timestamp"),
		grouphash: text("grouphash").notNull(),
	},
	(table) => [
		uniqueIndex("cron_incidents_open_idx").on(table.monitorEnvironmentId).where(sql`resolving_check_in_id is null`),
	],
);

/** Why check-ins were dropped (Sentry's processing errors): the newest 100 per project are kept. */
export const monitorProcessingErrors = sqliteTable(
	"cron_processing_errors",
	{
		id: text("id").primaryKey(),
		...projectOwned(),
		monitorSlug: text("monitor_slug").notNull(),
		checkIn: text("check_in", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
		errors: text("errors", { mode: "json" }).$type<Record<string, unknown>[]>().notNull(),
		dateCreated: timestamp("date_created").notNull(),
	},
	(table) => [index("cron_processing_errors_project_id_date_idx").on(table.projectId, table.dateCreated)],
);

/** Where the clock's last tick stopped when more was due than one tick takes. */
export const monitorClockCursors = sqliteTable("cron_clock_cursors", {
	kind: text("kind", { enum: ["missed", "timeout"] }).primaryKey(),
	dueAt: integer("due_at").notNull(),
	id: text("id").notNull(),
});
