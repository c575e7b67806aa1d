-- Full-text index over claim text, diacritic-insensitive, kept in sync by triggers.
CREATE VIRTUAL TABLE `claims_fts` USING fts5(`text`, content='claims', content_rowid='seq', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `claims_fts_ai` AFTER INSERT ON `claims` BEGIN
  INSERT INTO `claims_fts`(rowid, `text`) VALUES (new.`seq`, new.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `claims_fts_ad` AFTER DELETE ON `claims` BEGIN
  INSERT INTO `claims_fts`(`claims_fts`, rowid, `text`) VALUES ('delete', old.`seq`, old.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `claims_fts_au` AFTER UPDATE OF `text` ON `claims` BEGIN
  INSERT INTO `claims_fts`(`claims_fts`, rowid, `text`) VALUES ('delete', old.`seq`, old.`text`);
  INSERT INTO `claims_fts`(rowid, `text`) VALUES (new.`seq`, new.`text`);
END;
--> statement-breakpoint
INSERT INTO `claims_fts`(`claims_fts`) VALUES ('rebuild');
