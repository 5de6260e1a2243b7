import { integer } from "drizzle-orm/sqlite-core";

/** Milliseconds since the epoch, stored as an integer and read as a Date. */
export const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

export const createdAt = () =>
	timestamp("created_at")
		.notNull()
		.$defaultFn(() => new Date());
