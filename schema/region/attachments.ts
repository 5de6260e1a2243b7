/** Event attachments. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "../columns";
import { projectOwned } from "./projects";

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
