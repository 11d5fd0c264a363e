CREATE TABLE `plan_chunks` (
	`plan_id` text NOT NULL,
	`seq` integer NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY(`plan_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `plans` (
	`id` text PRIMARY KEY NOT NULL,
	`fabric` text NOT NULL,
	`version` integer NOT NULL,
	`status` text NOT NULL,
	`reason` text NOT NULL,
	`failure_reason` text,
	`superseded_by` text,
	`objective_us` real,
	`rule_count` integer,
	`switch_count` integer,
	`summary` text,
	`chunk_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plans_fabric_version` ON `plans` (`fabric`,`version`);--> statement-breakpoint
CREATE INDEX `plans_fabric_status` ON `plans` (`fabric`,`status`);