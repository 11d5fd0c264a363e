PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_fabric_chunks` (
	`fabric` text NOT NULL,
	`seq` integer NOT NULL,
	`generation` text NOT NULL,
	`section` text NOT NULL,
	`count` integer NOT NULL,
	`body` text NOT NULL,
	PRIMARY KEY(`fabric`, `generation`, `seq`)
);
--> statement-breakpoint
INSERT INTO `__new_fabric_chunks`("fabric", "seq", "generation", "section", "count", "body") SELECT "fabric", "seq", "generation", "section", "count", "body" FROM `fabric_chunks`;--> statement-breakpoint
DROP TABLE `fabric_chunks`;--> statement-breakpoint
ALTER TABLE `__new_fabric_chunks` RENAME TO `fabric_chunks`;--> statement-breakpoint
PRAGMA foreign_keys=ON;