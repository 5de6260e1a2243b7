ALTER TABLE `projects` ADD `allowed_domains` text DEFAULT '["*"]' NOT NULL;--> statement-breakpoint
ALTER TABLE `projects` ADD `filter_settings` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `projects` ADD `event_retention_days` integer DEFAULT 90 NOT NULL;