CREATE TABLE `migration_sessions` (
	`migration_id` text NOT NULL,
	`rule_id` text NOT NULL,
	`seq` integer NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY(`migration_id`, `rule_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `migrations` (
	`id` text PRIMARY KEY NOT NULL,
	`fabric` text NOT NULL,
	`switch_name` text NOT NULL,
	`status` text NOT NULL,
	`step` text,
	`trigger` text NOT NULL,
	`decision` text,
	`e_mig_us` real,
	`e_reroute_us` real,
	`objective` real,
	`base_plan_version` integer,
	`plans` text DEFAULT '{}' NOT NULL,
	`note` text,
	`timings` text DEFAULT '{}' NOT NULL,
	`step_since` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `migrations_active_switch` ON `migrations` (`fabric`,`switch_name`) WHERE status in ('pending', 'running');--> statement-breakpoint
CREATE INDEX `migrations_fabric_created` ON `migrations` (`fabric`,`created_at`);