/** Organizations of this region. */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "../columns";

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
