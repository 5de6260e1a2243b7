CREATE TABLE `artifact_bundle_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`bundle_id` integer NOT NULL,
	`type` text NOT NULL,
	`url` text NOT NULL,
	`debug_id` text,
	`release` text,
	`dist` text,
	`source_map_ref` text,
	`object_key` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`bundle_id`) REFERENCES `artifact_bundles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `artifact_bundle_files_project_id_debug_id_idx` ON `artifact_bundle_files` (`project_id`,`debug_id`,`type`);--> statement-breakpoint
CREATE INDEX `artifact_bundle_files_project_id_release_url_idx` ON `artifact_bundle_files` (`project_id`,`release`,`dist`,`url`);--> statement-breakpoint
CREATE TABLE `artifact_bundles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`checksum` text NOT NULL,
	`release` text,
	`dist` text,
	`file_count` integer NOT NULL,
	`storage_prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `artifact_bundles_organization_id_checksum_idx` ON `artifact_bundles` (`organization_id`,`checksum`);