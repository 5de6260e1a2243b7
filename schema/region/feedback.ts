/** User feedback. */
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "../columns";
import { projectOwned } from "./projects";

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
