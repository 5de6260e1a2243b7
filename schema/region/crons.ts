/** Cron monitors. */
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestamp } from "../columns";
import { projectOwned } from "./projects";

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
