/** The ingest consumer's bookkeeping: outcome counters, messages already stored, dead letters. */
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, timestamp } from "../columns";

/** Outcome counters (accepted, filtered, rate limited, invalid, client discards) per hour. */
export const outcomes = sqliteTable(
	"outcomes",
	{
		organizationId: integer("organization_id").notNull(),
		projectId: integer("project_id").notNull(),
		keyId: integer("key_id").notNull().default(0),
		bucket: timestamp("bucket").notNull(),
		outcome: text("outcome").notNull(),
		reason: text("reason").notNull().default(""),
		category: text("category").notNull(),
		quantity: integer("quantity").notNull(),
	},
	(table) => [
		uniqueIndex("outcomes_key_idx").on(
			table.organizationId,
			table.projectId,
			table.keyId,
			table.bucket,
			table.outcome,
			table.reason,
			table.category,
		),
	],
);

/** Queue messages already stored, so a redelivered batch changes nothing. */
export const ingestedMessages = sqliteTable("ingested_messages", {
	key: text("key").primaryKey(),
	createdAt: createdAt(),
});

/** Messages the consumer could not process, with the reason, kept for `npm run dlq:replay`. */
export const deadLetters = sqliteTable("dead_letters", {
	id: integer("id").primaryKey({ autoIncrement: true }),
	reason: text("reason").notNull(),
	/** The message as JSON. */
	message: text("message").notNull(),
	createdAt: createdAt(),
});
