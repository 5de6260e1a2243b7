CREATE TABLE `api_token_replicas` (
	`hashed_token` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`scopes` text NOT NULL,
	`expires_at` integer
);
--> statement-breakpoint
CREATE TABLE `organization_member_replicas` (
	`organization_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`role` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organization_member_replicas_org_user_idx` ON `organization_member_replicas` (`organization_id`,`user_id`);