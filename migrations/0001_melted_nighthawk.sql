CREATE TABLE `telemetry_switch_status` (
	`fabric` text NOT NULL,
	`switch_name` text NOT NULL,
	`applied_plan_version` integer,
	`applied_hash` text,
	`last_report_at` integer NOT NULL,
	`last_report` text NOT NULL,
	PRIMARY KEY(`fabric`, `switch_name`)
);
--> statement-breakpoint
CREATE TABLE `telemetry_rule_rollups` (
	`fabric` text NOT NULL,
	`rule_id` text NOT NULL,
	`switch_name` text NOT NULL,
	`bucket_start` integer NOT NULL,
	`vni` integer NOT NULL,
	`reports` integer NOT NULL,
	`sessions_max` integer NOT NULL,
	`sessions_sum` integer NOT NULL,
	`packets` integer NOT NULL,
	`bytes` integer NOT NULL,
	`gbps_max` real NOT NULL,
	PRIMARY KEY(`fabric`, `rule_id`, `switch_name`, `bucket_start`)
);
--> statement-breakpoint
CREATE INDEX `telemetry_rule_rollups_time` ON `telemetry_rule_rollups` (`fabric`,`bucket_start`);--> statement-breakpoint
CREATE TABLE `telemetry_samples` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`fabric` text NOT NULL,
	`switch_name` text NOT NULL,
	`received_at` integer NOT NULL,
	`occupancy` integer NOT NULL,
	`misses` integer NOT NULL,
	`drops` integer NOT NULL,
	`overflows` integer NOT NULL,
	`body` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `telemetry_samples_switch_time` ON `telemetry_samples` (`fabric`,`switch_name`,`received_at`);--> statement-breakpoint
CREATE TABLE `telemetry_switch_rollups` (
	`fabric` text NOT NULL,
	`switch_name` text NOT NULL,
	`bucket_start` integer NOT NULL,
	`reports` integer NOT NULL,
	`occupancy_max` integer NOT NULL,
	`occupancy_sum` integer NOT NULL,
	`misses` integer NOT NULL,
	`drops` integer NOT NULL,
	`overflows` integer NOT NULL,
	`aged` integer NOT NULL,
	`new_sessions` integer NOT NULL,
	`link_utilization_max` real NOT NULL,
	PRIMARY KEY(`fabric`, `switch_name`, `bucket_start`)
);
