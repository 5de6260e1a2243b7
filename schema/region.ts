/** Tables of the region silo: one region's organizations and everything that belongs to them. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { FilterSettings } from "../workers/lib/project-config";
import { createdAt, timestamp } from "./columns";
import { siloTables } from "./silo-tables";

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

export const projects = sqliteTable(
	"projects",
	{
		id: integer("id").primaryKey(),
		organizationId: integer("organization_id")
			.notNull()
			.references(() => organizations.id, { onDelete: "cascade" }),
		slug: text("slug").notNull(),
		name: text("name").notNull(),
		platform: text("platform"),
		status: text("status", { enum: ["active", "pending_deletion"] })
			.notNull()
			.default("active"),
		/** Origins browsers may send events from (`*` for any), as Sentry's allowed domains. */
		allowedDomains: text("allowed_domains", { mode: "json" }).$type<string[]>().notNull().default(["*"]),
		/** Inbound filters, in the project-config shape (workers/lib/project-config.ts). */
		filterSettings: text("filter_settings", { mode: "json" }).$type<FilterSettings>().notNull().default({}),
		eventRetentionDays: integer("event_retention_days").notNull().default(90),
		createdAt: createdAt(),
	},
	(table) => [uniqueIndex("projects_organization_id_slug_idx").on(table.organizationId, table.slug)],
);

export const projectKeys = sqliteTable(
	"project_keys",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		organizationId: integer("organization_id")
			.notNull()
			.references(() => organizations.id, { onDelete: "cascade" }),
		projectId: integer("project_id")
			.notNull()
			.references(() => projects.id, { onDelete: "cascade" }),
		label: text("label").notNull().default("Default"),
		/** The DSN's public key: 32 lower-case hex characters. */
		publicKey: text("public_key").notNull().unique(),
		secretKey: text("secret_key").notNull(),
		status: text("status", { enum: ["active", "disabled"] })
			.notNull()
			.default("active"),
		/** Key-level rate limit: at most `rateLimitCount` events per `rateLimitWindow` seconds. */
		rateLimitCount: integer("rate_limit_count"),
		rateLimitWindow: integer("rate_limit_window"),
		createdAt: createdAt(),
	},
	(table) => [index("project_keys_project_id_idx").on(table.projectId)],
);

/** Writes that must reach the control silo, written in the same D1 batch as their cause. */
export const regionOutbox = sqliteTable(
	"region_outbox",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		category: text("category").notNull(),
		shardIdentifier: integer("shard_identifier").notNull(),
		objectIdentifier: integer("object_identifier").notNull(),
		payload: text("payload", { mode: "json" }).$type<unknown>().notNull(),
		attempts: integer("attempts").notNull().default(0),
		lastError: text("last_error"),
		scheduledFor: timestamp("scheduled_for").notNull(),
		createdAt: createdAt(),
	},
	(table) => [index("region_outbox_scheduled_for_idx").on(table.scheduledFor)],
);

export const regionSchema = siloTables("region", { organizations, projects, projectKeys, regionOutbox });
