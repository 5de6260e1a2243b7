CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`event_id` text NOT NULL,
	`name` text NOT NULL,
	`content_type` text,
	`attachment_type` text NOT NULL,
	`size` integer NOT NULL,
	`body_key` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attachments_body_key_idx` ON `attachments` (`body_key`);--> statement-breakpoint
CREATE INDEX `attachments_event_idx` ON `attachments` (`project_id`,`event_id`);--> statement-breakpoint
CREATE TABLE `dead_letters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reason` text NOT NULL,
	`message` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`group_id` integer NOT NULL,
	`event_id` text NOT NULL,
	`timestamp` integer NOT NULL,
	`received_at` integer NOT NULL,
	`level` text NOT NULL,
	`platform` text NOT NULL,
	`title` text NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	`culprit` text DEFAULT '' NOT NULL,
	`release` text,
	`environment` text,
	`user_key` text,
	`tags` text NOT NULL,
	`body_key` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_project_id_event_id_idx` ON `events` (`project_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `events_group_id_timestamp_idx` ON `events` (`group_id`,`timestamp`);--> statement-breakpoint
CREATE INDEX `events_organization_id_received_at_idx` ON `events` (`organization_id`,`received_at`);--> statement-breakpoint
CREATE TABLE `group_users` (
	`group_id` integer NOT NULL,
	`user_key` text NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_users_group_id_user_key_idx` ON `group_users` (`group_id`,`user_key`);--> statement-breakpoint
CREATE TABLE `groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`short_id` integer NOT NULL,
	`hash` text NOT NULL,
	`title` text NOT NULL,
	`culprit` text DEFAULT '' NOT NULL,
	`type` text NOT NULL,
	`level` text NOT NULL,
	`platform` text NOT NULL,
	`metadata` text NOT NULL,
	`status` text DEFAULT 'unresolved' NOT NULL,
	`substatus` text,
	`times_seen` integer NOT NULL,
	`first_seen` integer NOT NULL,
	`last_seen` integer NOT NULL,
	`first_release` text,
	`resolved_at` integer,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `groups_project_id_hash_idx` ON `groups` (`project_id`,`hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `groups_project_id_short_id_idx` ON `groups` (`project_id`,`short_id`);--> statement-breakpoint
CREATE INDEX `groups_organization_id_last_seen_idx` ON `groups` (`organization_id`,`last_seen`);--> statement-breakpoint
CREATE TABLE `ingested_messages` (
	`key` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `monitor_check_ins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`monitor_id` integer NOT NULL,
	`check_in_id` text NOT NULL,
	`status` text NOT NULL,
	`duration_ms` integer,
	`environment` text,
	`date_created` integer NOT NULL,
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `monitor_check_ins_monitor_id_check_in_id_idx` ON `monitor_check_ins` (`monitor_id`,`check_in_id`);--> statement-breakpoint
CREATE TABLE `monitors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`slug` text NOT NULL,
	`status` text DEFAULT 'ok' NOT NULL,
	`last_check_in` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `monitors_project_id_slug_idx` ON `monitors` (`project_id`,`slug`);--> statement-breakpoint
CREATE TABLE `outcomes` (
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`key_id` integer DEFAULT 0 NOT NULL,
	`bucket` integer NOT NULL,
	`outcome` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`category` text NOT NULL,
	`quantity` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outcomes_key_idx` ON `outcomes` (`organization_id`,`project_id`,`key_id`,`bucket`,`outcome`,`reason`,`category`);--> statement-breakpoint
CREATE TABLE `release_sessions` (
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`release` text NOT NULL,
	`environment` text DEFAULT '' NOT NULL,
	`bucket` integer NOT NULL,
	`started` integer DEFAULT 0 NOT NULL,
	`errored` integer DEFAULT 0 NOT NULL,
	`crashed` integer DEFAULT 0 NOT NULL,
	`abnormal` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `release_sessions_key_idx` ON `release_sessions` (`project_id`,`release`,`environment`,`bucket`);--> statement-breakpoint
CREATE TABLE `transactions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`event_id` text NOT NULL,
	`name` text NOT NULL,
	`op` text,
	`status` text,
	`trace_id` text,
	`start_timestamp` integer NOT NULL,
	`timestamp` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`release` text,
	`environment` text,
	`body_key` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transactions_project_id_event_id_idx` ON `transactions` (`project_id`,`event_id`);--> statement-breakpoint
CREATE TABLE `user_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`event_id` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`comments` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_reports_project_id_event_id_idx` ON `user_reports` (`project_id`,`event_id`);