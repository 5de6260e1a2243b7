/** Projects and their DSN keys; `projectOwned` columns for rows that belong to a project. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { FilterSettings } from "../../workers/lib/project-config";
import type { Quota } from "../../workers/lib/quotas";
import { createdAt } from "../columns";
import { organizations } from "./organizations";

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
		/** Organization, project and key quotas enforced by the relay (workers/lib/quotas.ts). */
		quotas: text("quotas", { mode: "json" }).$type<Quota[]>().notNull().default([]),
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

/** The organization and project a row belongs to; rows go when their project goes. */
export const projectOwned = () => ({
	organizationId: integer("organization_id").notNull(),
	projectId: integer("project_id")
		.notNull()
		.references(() => projects.id, { onDelete: "cascade" }),
});
