ALTER TABLE `login_throttle` ADD `locked_until` integer;--> statement-breakpoint
CREATE INDEX `login_throttle_window_start_idx` ON `login_throttle` (`window_start`);