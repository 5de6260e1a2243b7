CREATE TABLE `user_replicas` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`is_active` integer NOT NULL
);
