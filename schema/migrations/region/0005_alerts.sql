CREATE TABLE `alert_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`fire_id` integer NOT NULL,
	`action_index` integer NOT NULL,
	`action` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`response_status` integer,
	`sent_at` integer,
	FOREIGN KEY (`fire_id`) REFERENCES `alert_rule_fires`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_deliveries_fire_id_action_index_idx` ON `alert_deliveries` (`fire_id`,`action_index`);--> statement-breakpoint
CREATE TABLE `alert_rule_fires` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`rule_id` integer NOT NULL,
	`group_id` integer NOT NULL,
	`event_id` text NOT NULL,
	`fired_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rule_id`) REFERENCES `alert_rules`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_rule_fires_rule_id_event_id_idx` ON `alert_rule_fires` (`rule_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `alert_rule_fires_rule_id_fired_at_idx` ON `alert_rule_fires` (`rule_id`,`fired_at`);--> statement-breakpoint
CREATE TABLE `alert_rule_status` (
	`rule_id` integer NOT NULL,
	`group_id` integer NOT NULL,
	`last_fired_at` integer NOT NULL,
	`last_event_id` text NOT NULL,
	FOREIGN KEY (`rule_id`) REFERENCES `alert_rules`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_rule_status_rule_id_group_id_idx` ON `alert_rule_status` (`rule_id`,`group_id`);--> statement-breakpoint
CREATE TABLE `alert_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`name` text NOT NULL,
	`environment` text,
	`action_match` text NOT NULL,
	`filter_match` text NOT NULL,
	`frequency_minutes` integer NOT NULL,
	`conditions` text NOT NULL,
	`filters` text NOT NULL,
	`actions` text NOT NULL,
	`webhook_secret` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_rules_project_id_idx` ON `alert_rules` (`project_id`);--> statement-breakpoint
CREATE TABLE `group_activity` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` integer NOT NULL,
	`type` text NOT NULL,
	`event_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_activity_group_id_event_id_type_idx` ON `group_activity` (`group_id`,`event_id`,`type`);--> statement-breakpoint
CREATE TABLE `group_counts` (
	`group_id` integer NOT NULL,
	`resolution` text NOT NULL,
	`bucket` integer NOT NULL,
	`count` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_counts_key_idx` ON `group_counts` (`group_id`,`resolution`,`bucket`);