/**
 * Release health (docs/release-health.md): what the ingest consumer keeps of `session` updates and
 * `sessions` aggregates. Counters and duration histograms per (project, release, environment, hour);
 * distinct users per (project, release, environment, day) with hour masks, sampled by hash once an
 * organization's day has too many; and a small per-session state, kept 5 days, that makes every
 * update and redelivery count at most once.
 */
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestamp } from "../columns";
import { projectOwned } from "./projects";

/**
 * Sessions per release, environment and hour of their start: `started` (init), `errored` (every
 * session with an error, crashed and abnormal ones included, each once), `crashed`, `abnormal`, and
 * the exited sessions that reported a duration, with the durations' sum and maximum in seconds.
 */
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
		exited: integer("exited").notNull().default(0),
		durationSum: real("duration_sum").notNull().default(0),
		durationMax: real("duration_max").notNull().default(0),
	},
	(table) => [
		uniqueIndex("release_sessions_key_idx").on(table.projectId, table.release, table.environment, table.bucket),
		index("release_sessions_organization_id_bucket_idx").on(table.organizationId, table.bucket),
	],
);

/** Exited sessions' durations per hour in fixed logarithmic bins (workers/region/sessions/durations.ts). */
export const sessionDurations = sqliteTable(
	"session_durations",
	{
		...projectOwned(),
		release: text("release").notNull(),
		environment: text("environment").notNull().default(""),
		bucket: timestamp("bucket").notNull(),
		bin: integer("bin").notNull(),
		count: integer("count").notNull().default(0),
	},
	(table) => [
		uniqueIndex("session_durations_key_idx").on(
			table.projectId,
			table.release,
			table.environment,
			table.bucket,
			table.bin,
		),
	],
);

/**
 * Distinct users (a hash of `did`) per release, environment and UTC day; each mask has bit h set
 * when the user had a session (of that kind) starting in hour h of the day.
 */
export const sessionUsers = sqliteTable(
	"session_users",
	{
		...projectOwned(),
		day: timestamp("day").notNull(),
		release: text("release").notNull(),
		environment: text("environment").notNull().default(""),
		userHash: integer("user_hash").notNull(),
		seen: integer("seen").notNull().default(0),
		errored: integer("errored").notNull().default(0),
		crashed: integer("crashed").notNull().default(0),
		abnormal: integer("abnormal").notNull().default(0),
	},
	(table) => [
		uniqueIndex("session_users_key_idx").on(
			table.organizationId,
			table.day,
			table.projectId,
			table.release,
			table.environment,
			table.userHash,
		),
	],
);

/** An organization's day of users sampled at `level`: only hashes divisible by 2^level are kept. */
export const sessionUserLevels = sqliteTable(
	"session_user_levels",
	{
		organizationId: integer("organization_id").notNull(),
		day: timestamp("day").notNull(),
		level: integer("level").notNull(),
	},
	(table) => [primaryKey({ columns: [table.organizationId, table.day] })],
);

/**
 * What each recent session has already counted (workers/region/sessions/counting.ts flags). No index
 * on `started`: sessions arrive in about the order they start, so pruning walks the oldest rowids.
 */
export const sessionStates = sqliteTable(
	"session_states",
	{
		...projectOwned(),
		sid: text("sid").notNull(),
		started: timestamp("started").notNull(),
		flags: integer("flags").notNull().default(0),
	},
	(table) => [uniqueIndex("session_states_project_id_sid_idx").on(table.projectId, table.sid)],
);
