CREATE TABLE `release_commits` (
	`organization_id` integer NOT NULL,
	`release_id` integer NOT NULL,
	`position` integer NOT NULL,
	`commit_id` text NOT NULL,
	`repository` text,
	`message` text,
	`author_name` text,
	`author_email` text,
	`timestamp` integer,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `release_commits_release_id_position_idx` ON `release_commits` (`release_id`,`position`);--> statement-breakpoint
CREATE TABLE `release_deploys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`release_id` integer NOT NULL,
	`environment` text NOT NULL,
	`name` text,
	`url` text,
	`date_started` integer,
	`date_finished` integer NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `release_deploys_release_id_idx` ON `release_deploys` (`release_id`);--> statement-breakpoint
CREATE TABLE `release_projects` (
	`organization_id` integer NOT NULL,
	`release_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `release_projects_release_id_project_id_idx` ON `release_projects` (`release_id`,`project_id`);--> statement-breakpoint
CREATE INDEX `release_projects_project_id_idx` ON `release_projects` (`project_id`);--> statement-breakpoint
CREATE TABLE `releases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`version` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`ref` text,
	`url` text,
	`refs` text DEFAULT '[]' NOT NULL,
	`date_started` integer,
	`date_released` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `releases_organization_id_version_idx` ON `releases` (`organization_id`,`version`);