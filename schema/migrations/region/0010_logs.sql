CREATE TABLE `log_counts` (
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`hour` integer NOT NULL,
	`level` text NOT NULL,
	`logs` integer NOT NULL,
	`hot` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `log_counts_key_idx` ON `log_counts` (`organization_id`,`project_id`,`hour`,`level`);--> statement-breakpoint
CREATE TABLE `log_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`timestamp_us` integer NOT NULL,
	`item_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`span_id` text,
	`level` text NOT NULL,
	`severity_number` integer NOT NULL,
	`body` text NOT NULL,
	`attributes` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `log_items_project_time_idx` ON `log_items` (`organization_id`,`project_id`,`timestamp_us`);--> statement-breakpoint
CREATE INDEX `log_items_trace_idx` ON `log_items` (`organization_id`,`trace_id`,`timestamp_us`);--> statement-breakpoint
CREATE TABLE `log_segments` (
	`id` integer PRIMARY KEY NOT NULL,
	`organization_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`start_us` integer NOT NULL,
	`end_us` integer NOT NULL,
	`logs` integer NOT NULL,
	`bytes` integer NOT NULL,
	`level_mask` integer NOT NULL,
	`key` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `log_segments_project_time_idx` ON `log_segments` (`organization_id`,`project_id`,`end_us`);--> statement-breakpoint
CREATE UNIQUE INDEX `log_segments_key_idx` ON `log_segments` (`key`);