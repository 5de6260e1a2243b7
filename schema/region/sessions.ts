/** Release health. */
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestamp } from "../columns";
import { projectOwned } from "./projects";

/** Release health: session counts per release, environment and hour. */
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
	},
	(table) => [
		uniqueIndex("release_sessions_key_idx").on(table.projectId, table.release, table.environment, table.bucket),
	],
);
