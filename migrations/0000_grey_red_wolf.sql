CREATE TABLE `fabric_chunks` (
	`fabric` text NOT NULL,
	`seq` integer NOT NULL,
	`generation` text NOT NULL,
	`section` text NOT NULL,
	`count` integer NOT NULL,
	`body` text NOT NULL,
	PRIMARY KEY(`fabric`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `fabrics` (
	`name` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`generation` text NOT NULL,
	`settings` text,
	`switch_count` integer NOT NULL,
	`link_count` integer NOT NULL,
	`server_count` integer NOT NULL,
	`pod_count` integer NOT NULL,
	`chunk_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `write_guards` (
	`id` text PRIMARY KEY NOT NULL,
	`ok` integer NOT NULL,
	CONSTRAINT "write_guards_ok" CHECK("write_guards"."ok" = 1)
);
--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`fabric` text,
	`switch_name` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_fabric` ON `api_tokens` (`fabric`);--> statement-breakpoint
CREATE TABLE `dead_letter_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`body` text NOT NULL,
	`attempts` integer NOT NULL,
	`error` text,
	`failed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `queue_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`body` text NOT NULL,
	`attempts` integer NOT NULL,
	`available_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `queue_messages_available` ON `queue_messages` (`available_at`);