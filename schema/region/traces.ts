/** Performance data. */
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestamp } from "../columns";
import { projectOwned } from "./projects";

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
