CREATE TABLE `actor_aliases` (
	`id` integer PRIMARY KEY NOT NULL,
	`actor_id` text NOT NULL,
	`alias` text NOT NULL,
	`alias_key` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `actor_aliases_actor_alias_unique` ON `actor_aliases` (`actor_id`,`alias_key`);--> statement-breakpoint
CREATE INDEX `actor_aliases_alias_key_idx` ON `actor_aliases` (`alias_key`);--> statement-breakpoint
CREATE TABLE `actor_roles` (
	`id` integer PRIMARY KEY NOT NULL,
	`actor_id` text NOT NULL,
	`title` text NOT NULL,
	`organization_id` text,
	`start` text,
	`start_precision` text,
	`start_lo` text,
	`start_hi` text,
	`end` text,
	`end_precision` text,
	`end_lo` text,
	`end_hi` text,
	`position` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "actor_roles_start_precision_check" CHECK("actor_roles"."start_precision" IS NULL OR "actor_roles"."start_precision" IN ('year', 'month', 'day')),
	CONSTRAINT "actor_roles_end_precision_check" CHECK("actor_roles"."end_precision" IS NULL OR "actor_roles"."end_precision" IN ('year', 'month', 'day'))
);
--> statement-breakpoint
CREATE INDEX `actor_roles_actor_idx` ON `actor_roles` (`actor_id`);--> statement-breakpoint
CREATE INDEX `actor_roles_organization_idx` ON `actor_roles` (`organization_id`);--> statement-breakpoint
CREATE TABLE `actors` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`kind` text NOT NULL,
	`description` text,
	`wikidata_id` text,
	`country` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	CONSTRAINT "actors_kind_check" CHECK("actors"."kind" IN ('person', 'organization', 'country', 'group', 'media', 'other'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `actors_wikidata_id_unique` ON `actors` (`wikidata_id`);--> statement-breakpoint
CREATE INDEX `actors_name_key_idx` ON `actors` (`name_key`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`scope` text NOT NULL,
	`hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	CONSTRAINT "api_keys_scope_check" CHECK("api_keys"."scope" IN ('read', 'write', 'admin'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_unique` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE TABLE `articles` (
	`id` text PRIMARY KEY NOT NULL,
	`url` text,
	`title` text NOT NULL,
	`outlet` text,
	`outlet_domain` text,
	`authors` text DEFAULT '[]' NOT NULL,
	`published_at` text,
	`published_on` text,
	`language` text,
	`body` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `articles_url_unique` ON `articles` (`url`);--> statement-breakpoint
CREATE INDEX `articles_outlet_idx` ON `articles` (`outlet`);--> statement-breakpoint
CREATE INDEX `articles_published_on_idx` ON `articles` (`published_on`,`id`);--> statement-breakpoint
CREATE INDEX `articles_language_idx` ON `articles` (`language`);--> statement-breakpoint
CREATE TABLE `claim_addressees` (
	`claim_id` text NOT NULL,
	`actor_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`claim_id`, `actor_id`),
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `claim_addressees_actor_idx` ON `claim_addressees` (`actor_id`,`claim_id`);--> statement-breakpoint
CREATE TABLE `claim_objects` (
	`claim_id` text NOT NULL,
	`actor_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`claim_id`, `actor_id`),
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `claim_objects_actor_idx` ON `claim_objects` (`actor_id`,`claim_id`);--> statement-breakpoint
CREATE TABLE `claim_sources` (
	`id` integer PRIMARY KEY NOT NULL,
	`claim_id` text NOT NULL,
	`article_id` text NOT NULL,
	`quote` text NOT NULL,
	`start` integer,
	`end` integer,
	`cue` text,
	`verbatim` integer DEFAULT true NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "claim_sources_span_check" CHECK(("claim_sources"."start" IS NULL AND "claim_sources"."end" IS NULL) OR ("claim_sources"."start" >= 0 AND "claim_sources"."end" >= "claim_sources"."start"))
);
--> statement-breakpoint
CREATE INDEX `claim_sources_claim_idx` ON `claim_sources` (`claim_id`);--> statement-breakpoint
CREATE INDEX `claim_sources_article_idx` ON `claim_sources` (`article_id`,`claim_id`);--> statement-breakpoint
CREATE TABLE `claim_topics` (
	`claim_id` text NOT NULL,
	`topic_id` text NOT NULL,
	`stance` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`claim_id`, `topic_id`),
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "claim_topics_stance_check" CHECK("claim_topics"."stance" IN ('supports', 'opposes', 'neutral', 'mixed'))
);
--> statement-breakpoint
CREATE INDEX `claim_topics_topic_idx` ON `claim_topics` (`topic_id`,`stance`,`claim_id`);--> statement-breakpoint
CREATE TABLE `claims` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`actor_id` text NOT NULL,
	`text` text NOT NULL,
	`kind` text NOT NULL,
	`said_on` text,
	`said_on_precision` text,
	`said_on_lo` text,
	`said_on_hi` text,
	`said_on_text` text,
	`speaker_role` text,
	`context` text,
	`language` text,
	`status` text DEFAULT 'unreviewed' NOT NULL,
	`origin` text DEFAULT 'manual' NOT NULL,
	`confidence` real,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "claims_kind_check" CHECK("claims"."kind" IN ('direct_quote', 'indirect_quote', 'paraphrase', 'written_statement')),
	CONSTRAINT "claims_status_check" CHECK("claims"."status" IN ('unreviewed', 'verified', 'disputed')),
	CONSTRAINT "claims_origin_check" CHECK("claims"."origin" IN ('manual', 'import', 'extraction')),
	CONSTRAINT "claims_confidence_check" CHECK("claims"."confidence" IS NULL OR ("claims"."confidence" >= 0 AND "claims"."confidence" <= 1)),
	CONSTRAINT "claims_said_on_precision_check" CHECK("claims"."said_on_precision" IS NULL OR "claims"."said_on_precision" IN ('year', 'month', 'day'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claims_id_unique` ON `claims` (`id`);--> statement-breakpoint
CREATE INDEX `claims_actor_said_idx` ON `claims` (`actor_id`,`said_on_lo`,`id`);--> statement-breakpoint
CREATE INDEX `claims_said_idx` ON `claims` (`said_on_lo`,`said_on_hi`);--> statement-breakpoint
CREATE INDEX `claims_kind_idx` ON `claims` (`kind`);--> statement-breakpoint
CREATE INDEX `claims_status_idx` ON `claims` (`status`);--> statement-breakpoint
CREATE INDEX `claims_language_idx` ON `claims` (`language`);--> statement-breakpoint
CREATE TABLE `position_evidence` (
	`position_id` text NOT NULL,
	`claim_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`position_id`, `claim_id`),
	FOREIGN KEY (`position_id`) REFERENCES `positions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `position_evidence_claim_idx` ON `position_evidence` (`claim_id`);--> statement-breakpoint
CREATE TABLE `positions` (
	`id` text PRIMARY KEY NOT NULL,
	`actor_id` text NOT NULL,
	`topic_id` text NOT NULL,
	`stance` text NOT NULL,
	`summary` text,
	`valid_from` text,
	`valid_from_precision` text,
	`valid_from_lo` text,
	`valid_from_hi` text,
	`valid_to` text,
	`valid_to_precision` text,
	`valid_to_lo` text,
	`valid_to_hi` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "positions_stance_check" CHECK("positions"."stance" IN ('supports', 'opposes', 'neutral', 'mixed')),
	CONSTRAINT "positions_valid_from_precision_check" CHECK("positions"."valid_from_precision" IS NULL OR "positions"."valid_from_precision" IN ('year', 'month', 'day')),
	CONSTRAINT "positions_valid_to_precision_check" CHECK("positions"."valid_to_precision" IS NULL OR "positions"."valid_to_precision" IN ('year', 'month', 'day'))
);
--> statement-breakpoint
CREATE INDEX `positions_actor_topic_idx` ON `positions` (`actor_id`,`topic_id`,`valid_from_lo`);--> statement-breakpoint
CREATE INDEX `positions_topic_idx` ON `positions` (`topic_id`,`valid_from_lo`);--> statement-breakpoint
CREATE TABLE `revisions` (
	`id` integer PRIMARY KEY NOT NULL,
	`resource_type` text NOT NULL,
	`resource_id` text NOT NULL,
	`action` text NOT NULL,
	`key_id` text,
	`key_name` text,
	`at` text NOT NULL,
	`before` text,
	`after` text,
	CONSTRAINT "revisions_action_check" CHECK("revisions"."action" IN ('create', 'update', 'delete', 'restore', 'merge')),
	CONSTRAINT "revisions_resource_type_check" CHECK("revisions"."resource_type" IN ('article', 'actor', 'topic', 'claim', 'position'))
);
--> statement-breakpoint
CREATE INDEX `revisions_resource_idx` ON `revisions` (`resource_id`,`id`);--> statement-breakpoint
CREATE TABLE `topics` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`parent_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`parent_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `topics_slug_unique` ON `topics` (`slug`);--> statement-breakpoint
CREATE INDEX `topics_parent_idx` ON `topics` (`parent_id`);