CREATE TABLE `organization_invites` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`organization_id` integer NOT NULL,
	`email` text NOT NULL,
	`hashed_token` text NOT NULL,
	`expires_at` integer NOT NULL,
	`inviter_id` integer,
	FOREIGN KEY (`member_id`) REFERENCES `organization_member_mappings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`inviter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organization_invites_org_email_idx` ON `organization_invites` (`organization_id`,`email`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_organization_member_mappings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`user_id` integer,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organization_mappings`(`organization_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_organization_member_mappings`("id", "organization_id", "user_id", "role", "created_at") SELECT "id", "organization_id", "user_id", "role", "created_at" FROM `organization_member_mappings`;--> statement-breakpoint
DROP TABLE `organization_member_mappings`;--> statement-breakpoint
ALTER TABLE `__new_organization_member_mappings` RENAME TO `organization_member_mappings`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `organization_member_mappings_org_user_idx` ON `organization_member_mappings` (`organization_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `organization_member_mappings_user_id_idx` ON `organization_member_mappings` (`user_id`);--> statement-breakpoint
ALTER TABLE `login_throttle` ADD `locked_until` integer;--> statement-breakpoint
CREATE INDEX `login_throttle_window_start_idx` ON `login_throttle` (`window_start`);