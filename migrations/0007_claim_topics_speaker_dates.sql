ALTER TABLE `claim_topics` ADD `actor_id` text;--> statement-breakpoint
ALTER TABLE `claim_topics` ADD `said_on_lo` text;--> statement-breakpoint
ALTER TABLE `claim_topics` ADD `said_on_hi` text;--> statement-breakpoint
ALTER TABLE `claim_topics` ADD `claim_deleted_at` text;--> statement-breakpoint
-- A claim's document shows its topics and stances, not these copies: writing them must not mark it stale.
DROP TRIGGER `claim_documents_claim_topics_update`;--> statement-breakpoint
CREATE TRIGGER `claim_documents_claim_topics_update` AFTER UPDATE OF claim_id, topic_id, stance, position ON claim_topics BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = NEW.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL; INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = OLD.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
UPDATE claim_topics SET (actor_id, said_on_lo, said_on_hi, claim_deleted_at) =
  (SELECT c.actor_id, c.said_on_lo, c.said_on_hi, c.deleted_at FROM claims c WHERE c.id = claim_topics.claim_id);--> statement-breakpoint
CREATE INDEX `claim_topics_topic_actor_idx` ON `claim_topics` (`topic_id`,`actor_id`,`claim_deleted_at`,`said_on_lo`,`said_on_hi`,`stance`,`claim_id`);--> statement-breakpoint
CREATE INDEX `claim_topics_actor_topic_idx` ON `claim_topics` (`actor_id`,`topic_id`,`claim_deleted_at`,`said_on_lo`,`said_on_hi`,`stance`,`claim_id`);--> statement-breakpoint
-- The copies follow the claim: set when a topic is added to it, changed when its speaker, dates or deletion change.
CREATE TRIGGER `claim_topics_claim_insert` AFTER INSERT ON claim_topics BEGIN
  UPDATE claim_topics SET (actor_id, said_on_lo, said_on_hi, claim_deleted_at) =
    (SELECT c.actor_id, c.said_on_lo, c.said_on_hi, c.deleted_at FROM claims c WHERE c.id = NEW.claim_id)
  WHERE claim_id = NEW.claim_id AND topic_id = NEW.topic_id;
END;--> statement-breakpoint
CREATE TRIGGER `claim_topics_claim_update` AFTER UPDATE OF actor_id, said_on_lo, said_on_hi, deleted_at ON claims BEGIN
  UPDATE claim_topics SET actor_id = NEW.actor_id, said_on_lo = NEW.said_on_lo, said_on_hi = NEW.said_on_hi, claim_deleted_at = NEW.deleted_at
  WHERE claim_id = NEW.id;
END;
