CREATE TABLE `claim_documents` (
	`claim_seq` integer PRIMARY KEY NOT NULL,
	`body` text,
	FOREIGN KEY (`claim_seq`) REFERENCES `claims`(`seq`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `claim_documents_stale_idx` ON `claim_documents` (`claim_seq`) WHERE "claim_documents"."body" IS NULL;--> statement-breakpoint
DROP INDEX `claims_actor_said_idx`;--> statement-breakpoint
DROP INDEX `claims_said_idx`;--> statement-breakpoint
CREATE INDEX `claims_live_idx` ON `claims` (`seq`,`deleted_at`,`id`);--> statement-breakpoint
CREATE INDEX `claims_id_said_actor_idx` ON `claims` (`id`,`said_on_lo`,`said_on_hi`,`actor_id`,`deleted_at`);--> statement-breakpoint
CREATE INDEX `claims_actor_said_idx` ON `claims` (`actor_id`,`said_on_lo`,`id`,`said_on_hi`,`deleted_at`);--> statement-breakpoint
CREATE INDEX `claims_said_idx` ON `claims` (`said_on_lo`,`id`,`said_on_hi`,`deleted_at`);--> statement-breakpoint
-- A claim's document is stale (body NULL) once anything it shows changes; see claim_documents in src/db/schema.ts.
CREATE TRIGGER `claim_documents_claims_insert` AFTER INSERT ON claims BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT NEW.seq, NULL WHERE true ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_claims_update` AFTER UPDATE ON claims BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT NEW.seq, NULL WHERE true ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_claim_sources_insert` AFTER INSERT ON claim_sources BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = NEW.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_claim_sources_update` AFTER UPDATE ON claim_sources BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = NEW.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL; INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = OLD.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_claim_sources_delete` AFTER DELETE ON claim_sources BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = OLD.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_claim_topics_insert` AFTER INSERT ON claim_topics BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = NEW.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_claim_topics_update` AFTER UPDATE ON claim_topics BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = NEW.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL; INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = OLD.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_claim_topics_delete` AFTER DELETE ON claim_topics BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = OLD.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_claim_addressees_insert` AFTER INSERT ON claim_addressees BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = NEW.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_claim_addressees_update` AFTER UPDATE ON claim_addressees BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = NEW.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL; INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = OLD.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_claim_addressees_delete` AFTER DELETE ON claim_addressees BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = OLD.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_claim_objects_insert` AFTER INSERT ON claim_objects BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = NEW.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_claim_objects_update` AFTER UPDATE ON claim_objects BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = NEW.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL; INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = OLD.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_claim_objects_delete` AFTER DELETE ON claim_objects BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = OLD.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_fact_checks_insert` AFTER INSERT ON fact_checks BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = NEW.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_fact_checks_update` AFTER UPDATE ON fact_checks BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = NEW.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL; INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = OLD.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_fact_checks_delete` AFTER DELETE ON fact_checks BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE id = OLD.claim_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_actors_update` AFTER UPDATE OF name ON actors WHEN OLD.name IS NOT NEW.name BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE actor_id = NEW.id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL; INSERT INTO claim_documents (claim_seq, body) SELECT c.seq, NULL FROM claims c WHERE c.actor_id IN (SELECT actor_id FROM actor_roles WHERE organization_id = NEW.id) ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_actor_roles_insert` AFTER INSERT ON actor_roles BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE actor_id = NEW.actor_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_actor_roles_update` AFTER UPDATE ON actor_roles BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE actor_id = NEW.actor_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL; INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE actor_id = OLD.actor_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_actor_roles_delete` AFTER DELETE ON actor_roles BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims WHERE actor_id = OLD.actor_id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_articles_update` AFTER UPDATE OF url, title, outlet, published_at ON articles BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT c.seq, NULL FROM claim_sources s JOIN claims c ON c.id = s.claim_id WHERE s.article_id = NEW.id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
CREATE TRIGGER `claim_documents_topics_update` AFTER UPDATE OF slug, name ON topics BEGIN
  INSERT INTO claim_documents (claim_seq, body) SELECT c.seq, NULL FROM claim_topics ct JOIN claims c ON c.id = ct.claim_id WHERE ct.topic_id = NEW.id ON CONFLICT (claim_seq) DO UPDATE SET body = NULL;
END;--> statement-breakpoint
-- Every existing claim starts stale: the server renders them in the background.
INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims;
