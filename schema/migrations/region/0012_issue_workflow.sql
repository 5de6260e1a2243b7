CREATE TABLE `group_merged_hashes` (
	`project_id` integer NOT NULL,
	`hash` text NOT NULL,
	`group_id` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_merged_hashes_project_id_hash_idx` ON `group_merged_hashes` (`project_id`,`hash`);--> statement-breakpoint
CREATE INDEX `group_merged_hashes_group_id_idx` ON `group_merged_hashes` (`group_id`);--> statement-breakpoint
CREATE TABLE `group_tag_values` (
	`group_id` integer NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`count` integer NOT NULL,
	`first_seen` integer NOT NULL,
	`last_seen` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_tag_values_group_id_key_value_idx` ON `group_tag_values` (`group_id`,`key`,`value`);--> statement-breakpoint
CREATE TABLE `group_tombstones` (
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_tombstones_project_id_hash_idx` ON `group_tombstones` (`project_id`,`hash`);--> statement-breakpoint
CREATE TABLE `group_user_states` (
	`group_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`is_bookmarked` integer DEFAULT false NOT NULL,
	`has_seen` integer DEFAULT false NOT NULL,
	`is_subscribed` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_user_states_group_id_user_id_idx` ON `group_user_states` (`group_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `group_user_states_user_id_idx` ON `group_user_states` (`user_id`);--> statement-breakpoint
ALTER TABLE `group_activity` ADD `user_id` integer;--> statement-breakpoint
ALTER TABLE `group_activity` ADD `data` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `status_details` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `ignore_until` integer;--> statement-breakpoint
ALTER TABLE `groups` ADD `ignore_until_times_seen` integer;--> statement-breakpoint
ALTER TABLE `groups` ADD `assignee_user_id` integer;--> statement-breakpoint
ALTER TABLE `organization_member_replicas` ADD `email` text;