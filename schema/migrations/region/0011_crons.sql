CREATE TABLE `cron_check_ins` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`monitor_id` text NOT NULL,
	`monitor_environment_id` text NOT NULL,
	`guid` text NOT NULL,
	`status` text NOT NULL,
	`duration_ms` integer,
	`date_added` integer NOT NULL,
	`date_updated` integer NOT NULL,
	`expected_time` integer,
	`timeout_at` integer,
	`monitor_config` text NOT NULL,
	`trace_id` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`monitor_id`) REFERENCES `cron_monitors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`monitor_environment_id`) REFERENCES `cron_monitor_environments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cron_check_ins_monitor_id_guid_idx` ON `cron_check_ins` (`monitor_id`,`guid`);--> statement-breakpoint
CREATE INDEX `cron_check_ins_environment_date_added_idx` ON `cron_check_ins` (`monitor_environment_id`,`date_added`);--> statement-breakpoint
CREATE INDEX `cron_check_ins_monitor_id_date_added_idx` ON `cron_check_ins` (`monitor_id`,`date_added`);--> statement-breakpoint
CREATE INDEX `cron_check_ins_timeout_at_idx` ON `cron_check_ins` (`timeout_at`,`id`);--> statement-breakpoint
CREATE INDEX `cron_check_ins_date_added_idx` ON `cron_check_ins` (`date_added`);--> statement-breakpoint
CREATE TABLE `cron_clock_cursors` (
	`kind` text PRIMARY KEY NOT NULL,
	`due_at` integer NOT NULL,
	`id` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cron_monitor_environments` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`monitor_id` text NOT NULL,
	`environment` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`last_check_in` integer,
	`next_check_in` integer,
	`next_check_in_latest` integer,
	`rate_minute` integer DEFAULT 0 NOT NULL,
	`rate_count` integer DEFAULT 0 NOT NULL,
	`date_created` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`monitor_id`) REFERENCES `cron_monitors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cron_monitor_environments_monitor_id_environment_idx` ON `cron_monitor_environments` (`monitor_id`,`environment`);--> statement-breakpoint
CREATE INDEX `cron_monitor_environments_next_check_in_latest_idx` ON `cron_monitor_environments` (`next_check_in_latest`,`id`);--> statement-breakpoint
CREATE TABLE `cron_incidents` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`monitor_id` text NOT NULL,
	`monitor_environment_id` text NOT NULL,
	`starting_check_in_id` text NOT NULL,
	`starting_timestamp` integer NOT NULL,
	`resolving_check_in_id` text,
	`resolving_timestamp` integer,
	`grouphash` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`monitor_id`) REFERENCES `cron_monitors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`monitor_environment_id`) REFERENCES `cron_monitor_environments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cron_incidents_open_idx` ON `cron_incidents` (`monitor_environment_id`) WHERE resolving_check_in_id is null;--> statement-breakpoint
CREATE TABLE `cron_processing_errors` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`monitor_slug` text NOT NULL,
	`check_in` text NOT NULL,
	`errors` text NOT NULL,
	`date_created` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cron_processing_errors_project_id_date_idx` ON `cron_processing_errors` (`project_id`,`date_created`);--> statement-breakpoint
CREATE TABLE `cron_monitors` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`is_muted` integer DEFAULT false NOT NULL,
	`config` text NOT NULL,
	`date_created` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cron_monitors_organization_id_slug_idx` ON `cron_monitors` (`organization_id`,`slug`);--> statement-breakpoint
CREATE INDEX `cron_monitors_project_id_idx` ON `cron_monitors` (`project_id`);--> statement-breakpoint
DROP TABLE `monitor_check_ins`;--> statement-breakpoint
DROP TABLE `monitors`;