ALTER TABLE `claims` ADD `first_published_on` text;--> statement-breakpoint
CREATE INDEX `claims_first_published_idx` ON `claims` (`first_published_on`,`id`);--> statement-breakpoint
UPDATE `claims` SET `first_published_on` = (SELECT min(a.`published_on`) FROM `claim_sources` s JOIN `articles` a ON a.`id` = s.`article_id` WHERE s.`claim_id` = `claims`.`id`);
