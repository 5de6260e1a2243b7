CREATE TABLE `token_replica_regions` (
	`user_id` integer NOT NULL,
	`region_name` text NOT NULL,
	PRIMARY KEY(`user_id`, `region_name`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
