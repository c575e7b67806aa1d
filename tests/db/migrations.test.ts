// Migrations: the FTS and claim-document triggers exist, foreign keys are on, CHECKs refuse bad enums, FTS follows edits.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';

const newDb = () => openDatabase(':memory:').$client;

describe('migrations', () => {
  it('create the FTS5 table and its three triggers', () => {
    const sqlite = newDb();
    const names = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'claims_fts%' ORDER BY name").pluck().all();
    expect(names).toEqual(['claims_fts_ad', 'claims_fts_ai', 'claims_fts_au']);
    expect(sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'claims_fts'").pluck().get()).toMatch(/remove_diacritics 2/);
  });

  it('create the triggers that mark claim documents stale, on every table a document shows', () => {
    const sqlite = newDb();
    const tables = sqlite.prepare("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'claim_documents_%' ORDER BY tbl_name").pluck().all();
    expect(tables).toEqual(['actor_roles', 'actors', 'articles', 'claim_addressees', 'claim_objects', 'claim_sources', 'claim_topics', 'claims', 'fact_checks', 'topics']);
    expect(sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'claim_documents_%'").pluck().get()).toBe(23);
  });

  it('leave foreign keys on and every reference intact', () => {
    const sqlite = newDb();
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(() => sqlite.prepare("INSERT INTO claim_topics (claim_id, topic_id, stance, position) VALUES ('clm_x', 'top_x', 'supports', 0)").run())
      .toThrow(/FOREIGN KEY/);
  });

  it('are idempotent: reopening a migrated file applies nothing and keeps the data', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'whosaid-')), 'db.sqlite');
    const first = openDatabase(file).$client;
    first.exec("INSERT INTO topics (id, slug, name, created_at, updated_at) VALUES ('top_1', 'a', 'A', '', '')");
    const applied = first.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get();
    first.close();
    const again = openDatabase(file).$client;
    expect(again.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(applied);
    expect(again.prepare('SELECT slug FROM topics').pluck().all()).toEqual(['a']);
    again.close();
  });

  it.each([
    ["INSERT INTO actors (id, name, name_key, kind, created_at, updated_at) VALUES ('act_1', 'X', 'x', 'alien', '', '')", /CHECK/],
    ["INSERT INTO api_keys (id, name, scope, hash, prefix, created_at) VALUES ('key_1', 'k', 'root', 'h', 'p', '')", /CHECK/],
  ])('refuse a value outside an enum: %s', (statement, error) => {
    expect(() => newDb().prepare(statement).run()).toThrow(error);
  });

  it('keep the full-text index in step with inserts, edits and deletes, ignoring diacritics', () => {
    const sqlite = newDb();
    sqlite.exec(`INSERT INTO actors (id, name, name_key, kind, created_at, updated_at) VALUES ('act_1', 'Zajárova', 'zajarova', 'person', '', '');
      INSERT INTO claims (id, actor_id, text, kind, created_at, updated_at) VALUES ('clm_1', 'act_1', 'NATO se acercó a las fronteras rusas', 'direct_quote', '', '');`);
    const hits = (q: string) => sqlite.prepare('SELECT count(*) FROM claims_fts WHERE claims_fts MATCH ?').pluck().get(q);
    expect(hits('acerco')).toBe(1);
    sqlite.exec("UPDATE claims SET text = 'a springboard for confrontation' WHERE id = 'clm_1'");
    expect(hits('acerco')).toBe(0);
    expect(hits('springboard')).toBe(1);
    sqlite.exec("DELETE FROM claims WHERE id = 'clm_1'");
    expect(hits('springboard')).toBe(0);
  });
});
