import { integer, text } from "drizzle-orm/sqlite-core";

/** Milliseconds since the epoch, stored as an integer and read as a Date. */
export const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

export const createdAt = () =>
	timestamp("created_at")
		.notNull()
		.$defaultFn(() => new Date());

/** The columns both silos' outbox tables share (workers/lib/outbox.ts drains them). */
export const outboxColumns = () => ({
	id: integer("id").primaryKey({ autoIncrement: true }),
	category: text("category").notNull(),
	/** Messages with the same shard are delivered in id order. */
	shardIdentifier: integer("shard_identifier").notNull(),
	objectIdentifier: integer("object_identifier").notNull(),
	payload: text("payload", { mode: "json" }).$type<unknown>().notNull(),
	attempts: integer("attempts").notNull().default(0),
	lastError: text("last_error"),
	scheduledFor: timestamp("scheduled_for").notNull(),
	createdAt: createdAt(),
});
