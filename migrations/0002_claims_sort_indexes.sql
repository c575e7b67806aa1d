DROP INDEX `claims_said_idx`;--> statement-breakpoint
DROP INDEX `claims_kind_idx`;--> statement-breakpoint
DROP INDEX `claims_status_idx`;--> statement-breakpoint
DROP INDEX `claims_language_idx`;--> statement-breakpoint
ALTER TABLE `claims` ADD `first_published_on` text;--> statement-breakpoint
CREATE INDEX `claims_first_published_idx` ON `claims` (`first_published_on`,`id`);--> statement-breakpoint
CREATE INDEX `claims_actor_id_idx` ON `claims` (`actor_id`,`id`);--> statement-breakpoint
CREATE INDEX `claims_actor_published_idx` ON `claims` (`actor_id`,`first_published_on`,`id`);--> statement-breakpoint
CREATE INDEX `claims_said_idx` ON `claims` (`said_on_lo`,`id`);--> statement-breakpoint
CREATE INDEX `claims_kind_idx` ON `claims` (`kind`,`id`);--> statement-breakpoint
CREATE INDEX `claims_status_idx` ON `claims` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `claims_language_idx` ON `claims` (`language`,`id`);--> statement-breakpoint
UPDATE `claims` SET `first_published_on` = (SELECT min(a.`published_on`) FROM `claim_sources` s JOIN `articles` a ON a.`id` = s.`article_id` WHERE s.`claim_id` = `claims`.`id`);
