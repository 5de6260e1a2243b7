/** Uploaded source maps. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "../columns";
import { organizations } from "./organizations";
import { projectOwned } from "./projects";

/**
 * Source map artifact bundles (sentry-cli's `sourcemaps upload`, or release files): one row per
 * upload, its files stored one by one in R2 under `storagePrefix`.
 */
export const artifactBundles = sqliteTable(
	"artifact_bundles",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		organizationId: integer("organization_id")
			.notNull()
			.references(() => organizations.id, { onDelete: "cascade" }),
		/** SHA-1 of the uploaded zip (the assemble checksum); release files get a synthetic one. */
		checksum: text("checksum").notNull(),
		release: text("release"),
		dist: text("dist"),
		fileCount: integer("file_count").notNull(),
		storagePrefix: text("storage_prefix").notNull(),
		createdAt: createdAt(),
	},
	(table) => [uniqueIndex("artifact_bundles_organization_id_checksum_idx").on(table.organizationId, table.checksum)],
);

/** Each file of a bundle, once per project it was uploaded for: found by debug ID or by release + dist + URL. */
export const artifactBundleFiles = sqliteTable(
	"artifact_bundle_files",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		...projectOwned(),
		bundleId: integer("bundle_id")
			.notNull()
			.references(() => artifactBundles.id, { onDelete: "cascade" }),
		/** `minified_source`, `source_map`, `source` … as in the bundle's manifest. */
		type: text("type").notNull(),
		url: text("url").notNull(),
		debugId: text("debug_id"),
		release: text("release"),
		dist: text("dist"),
		/** The `sourcemap` header of a minified file: where its map is, relative to `url`. */
		sourceMapRef: text("source_map_ref"),
		objectKey: text("object_key").notNull(),
	},
	(table) => [
		index("artifact_bundle_files_project_id_debug_id_idx").on(table.projectId, table.debugId, table.type),
		index("artifact_bundle_files_project_id_release_url_idx").on(table.projectId, table.release, table.dist, table.url),
	],
);
