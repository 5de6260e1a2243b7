CREATE TABLE `session_durations` (
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`release` text NOT NULL,
	`environment` text DEFAULT '' NOT NULL,
	`bucket` integer NOT NULL,
	`bin` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `session_durations_key_idx` ON `session_durations` (`project_id`,`release`,`environment`,`bucket`,`bin`);--> statement-breakpoint
CREATE TABLE `session_states` (
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`sid` text NOT NULL,
	`started` integer NOT NULL,
	`flags` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `session_states_project_id_sid_idx` ON `session_states` (`project_id`,`sid`);--> statement-breakpoint
CREATE TABLE `session_user_levels` (
	`organization_id` integer NOT NULL,
	`day` integer NOT NULL,
	`level` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `session_users` (
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`day` integer NOT NULL,
	`release` text NOT NULL,
	`environment` text DEFAULT '' NOT NULL,
	`user_hash` integer NOT NULL,
	`seen` integer DEFAULT 0 NOT NULL,
	`errored` integer DEFAULT 0 NOT NULL,
	`crashed` integer DEFAULT 0 NOT NULL,
	`abnormal` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `session_users_key_idx` ON `session_users` (`organization_id`,`day`,`project_id`,`release`,`environment`,`user_hash`);--> statement-breakpoint
ALTER TABLE `release_sessions` ADD `exited` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `release_sessions` ADD `duration_sum` real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `release_sessions` ADD `duration_max` real DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `release_sessions_organization_id_bucket_idx` ON `release_sessions` (`organization_id`,`bucket`);