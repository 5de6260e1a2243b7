/** Releases (Sentry's org-scoped releases): a version, the projects it ships in, its deploys and commits. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, timestamp } from "../columns";
import { organizations } from "./organizations";
import { projects } from "./projects";

/** Releases (Sentry's org-scoped releases): a version, the projects it ships in, its commits. */
export const releases = sqliteTable(
	"releases",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		organizationId: integer("organization_id")
			.notNull()
			.references(() => organizations.id, { onDelete: "cascade" }),
		version: text("version").notNull(),
		/** `archived` releases are left out of listings unless asked for (`releases archive|restore`). */
		status: text("status", { enum: ["open", "archived"] })
			.notNull()
			.default("open"),
		ref: text("ref"),
		url: text("url"),
		/** Head commits per repository as the client named them (`refs` of Sentry's release API). */
		refs: text("refs", { mode: "json" })
			.$type<{ repository: string; commit: string; previousCommit: string | null }[]>()
			.notNull()
			.default([]),
		dateStarted: timestamp("date_started"),
		dateReleased: timestamp("date_released"),
		createdAt: createdAt(),
	},
	(table) => [uniqueIndex("releases_organization_id_version_idx").on(table.organizationId, table.version)],
);

export const releaseProjects = sqliteTable(
	"release_projects",
	{
		organizationId: integer("organization_id").notNull(),
		releaseId: integer("release_id")
			.notNull()
			.references(() => releases.id, { onDelete: "cascade" }),
		projectId: integer("project_id")
			.notNull()
			.references(() => projects.id, { onDelete: "cascade" }),
	},
	(table) => [
		uniqueIndex("release_projects_release_id_project_id_idx").on(table.releaseId, table.projectId),
		index("release_projects_project_id_idx").on(table.projectId),
	],
);

/** Deploys of a release to an environment (`sentry-cli releases deploys <version> new -e <env>`). */
export const releaseDeploys = sqliteTable(
	"release_deploys",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		organizationId: integer("organization_id").notNull(),
		releaseId: integer("release_id")
			.notNull()
			.references(() => releases.id, { onDelete: "cascade" }),
		environment: text("environment").notNull(),
		name: text("name"),
		url: text("url"),
		dateStarted: timestamp("date_started"),
		dateFinished: timestamp("date_finished").notNull(),
	},
	(table) => [index("release_deploys_release_id_idx").on(table.releaseId)],
);

/** A release's commits, newest first by `position`, as `set-commits` sends them. */
export const releaseCommits = sqliteTable(
	"release_commits",
	{
		organizationId: integer("organization_id").notNull(),
		releaseId: integer("release_id")
			.notNull()
			.references(() => releases.id, { onDelete: "cascade" }),
		position: integer("position").notNull(),
		commitId: text("commit_id").notNull(),
		repository: text("repository"),
		message: text("message"),
		authorName: text("author_name"),
		authorEmail: text("author_email"),
		timestamp: timestamp("timestamp"),
	},
	(table) => [uniqueIndex("release_commits_release_id_position_idx").on(table.releaseId, table.position)],
);
