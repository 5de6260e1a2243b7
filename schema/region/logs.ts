/**
 * Logs (docs/logs.md): recent logs one row each for search and live tail, every log also in
 * gzip NDJSON segments in R2 (one per project and ingest batch) indexed here, and counts per
 * project, hour and level that both charts and the query planner read.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestamp } from "../columns";
import { projectOwned } from "./projects";

/** Recent logs, kept for the hot window only (LOGS_STORAGE.hotDays), at most hotRowsPerHour per project. */
export const logItems = sqliteTable(
	"log_items",
	{
		id: integer("id").primaryKey(),
		...projectOwned(),
		/** Microseconds since the epoch: JavaScript numbers hold them exactly. */
		timestampUs: integer("timestamp_us").notNull(),
		/** 32 hex digits, a UUID v7 of the log's time (as Relay names logs). */
		itemId: text("item_id").notNull(),
		traceId: text("trace_id").notNull(),
		spanId: text("span_id"),
		level: text("level").notNull(),
		severityNumber: integer("severity_number").notNull(),
		body: text("body").notNull(),
		/** `{"key": value}`: strings, numbers, booleans and arrays of them. */
		attributes: text("attributes").notNull(),
	},
	(table) => [
		index("log_items_project_time_idx").on(table.organizationId, table.projectId, table.timestampUs),
		index("log_items_trace_idx").on(table.organizationId, table.traceId, table.timestampUs),
	],
);

/** One R2 object per project and ingest batch: every log of it, oldest first, one JSON line each. */
export const logSegments = sqliteTable(
	"log_segments",
	{
		id: integer("id").primaryKey(),
		...projectOwned(),
		startUs: integer("start_us").notNull(),
		endUs: integer("end_us").notNull(),
		logs: integer("logs").notNull(),
		/** Compressed size of the object. */
		bytes: integer("bytes").notNull(),
		/** Bit per level that occurs in the segment (LEVELS order), so a level filter skips the rest. */
		levelMask: integer("level_mask").notNull(),
		key: text("key").notNull(),
	},
	(table) => [
		index("log_segments_project_time_idx").on(table.organizationId, table.projectId, table.endUs),
		uniqueIndex("log_segments_key_idx").on(table.key),
	],
);

/** Logs received and logs kept as rows, per project, hour and level. */
export const logCounts = sqliteTable(
	"log_counts",
	{
		...projectOwned(),
		hour: timestamp("hour").notNull(),
		level: text("level").notNull(),
		logs: integer("logs").notNull(),
		hot: integer("hot").notNull(),
	},
	(table) => [uniqueIndex("log_counts_key_idx").on(table.organizationId, table.projectId, table.hour, table.level)],
);
