CREATE TABLE `fact_checks` (
	`id` text PRIMARY KEY NOT NULL,
	`claim_id` text NOT NULL,
	`publisher` text NOT NULL,
	`url` text NOT NULL,
	`rating` text NOT NULL,
	`rating_key` text NOT NULL,
	`rating_value` real,
	`best_rating` real,
	`worst_rating` real,
	`reviewed_on` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `fact_checks_claim_idx` ON `fact_checks` (`claim_id`);--> statement-breakpoint
CREATE INDEX `fact_checks_rating_idx` ON `fact_checks` (`rating_key`,`claim_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `fact_checks_claim_url_unique` ON `fact_checks` (`claim_id`,`url`);--> statement-breakpoint
ALTER TABLE `actors` ADD `merged_into` text REFERENCES actors(id);--> statement-breakpoint
CREATE INDEX `actors_merged_into_idx` ON `actors` (`merged_into`);--> statement-breakpoint
ALTER TABLE `claims` ADD `text_key` text;--> statement-breakpoint
CREATE INDEX `claims_actor_text_key_idx` ON `claims` (`actor_id`,`text_key`);--> statement-breakpoint
UPDATE `claims` SET `text_key` = whosaid_text_key(`text`);
