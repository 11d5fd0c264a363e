CREATE TABLE `istio_objects` (
	`fabric` text NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`namespace` text NOT NULL,
	`name` text NOT NULL,
	`api_version` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`fabric`, `key`)
);
--> statement-breakpoint
CREATE TABLE `istio_rules` (
	`fabric` text NOT NULL,
	`id` text NOT NULL,
	`priority` integer NOT NULL,
	`vni` integer NOT NULL,
	`body` text NOT NULL,
	PRIMARY KEY(`fabric`, `id`)
);
--> statement-breakpoint
CREATE INDEX `istio_rules_priority` ON `istio_rules` (`fabric`,`priority`);--> statement-breakpoint
CREATE TABLE `istio_state` (
	`fabric` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`released_vnis` text NOT NULL,
	`updated_at` integer NOT NULL
);
