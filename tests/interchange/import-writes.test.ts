// What an import stores besides the records themselves: first_published_on, the revisions' snapshots, the match of
// a claim by speaker and folded text when several claims share it, and a failed line leaving nothing behind.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { importNdjson, type ImportOptions } from '../../src/interchange/import.js';
import { createClaimsRepository } from '../../src/repositories/claims.js';
import type { ClaimT } from '../../src/schemas/claims.js';
import { resetData } from '../helpers/app.js';

const db = openDatabase(':memory:');
beforeEach(() => resetData(db));
afterAll(() => db.$client.close());

async function* lines(items: unknown[]) {
  for (const item of items) yield JSON.stringify(item);
}
const run = (items: unknown[], options: Partial<ImportOptions> = {}) =>
  importNdjson(db, lines(items), { mode: 'best_effort', dryRun: false, format: 'whosaid', by: null, ...options });
const sqlite = db.$client;
const firstPublished = (id: string) => (sqlite.prepare('SELECT first_published_on AS d FROM claims WHERE id = ?').get(id) as { d: string | null }).d;
const revisionsOf = (id: string) => (sqlite.prepare('SELECT action, "before", "after" FROM revisions WHERE resource_id = ? ORDER BY id').all(id) as
  { action: string; before: string | null; after: string | null }[]).map((r) => ({ action: r.action, before: r.before && JSON.parse(r.before) as ClaimT, after: r.after && JSON.parse(r.after) as ClaimT }));

const BODY = 'The minister said that the talks would resume in spring. Nobody believed it.';
const records = [
  { type: 'topic', slug: 'talks', name: 'Talks' },
  { type: 'actor', name: 'Ana Minister', kind: 'person', aliases: ['The minister'] },
  { type: 'actor', name: 'Bo Listener', kind: 'person' },
  // Published late on the 3rd at +05:00: the 2nd in UTC.
  { type: 'article', url: 'https://a.example.com/1', title: 'Late', published_at: '2022-03-03T01:00:00+05:00', body: BODY },
  { type: 'article', url: 'https://b.example.com/2', title: 'Early', published_at: '2022-03-05', body: BODY },
  { type: 'article', url: 'https://c.example.com/3', title: 'Earliest', published_at: '2021-12-31', body: BODY },
  { type: 'article', url: 'https://d.example.com/4', title: 'Undated', body: BODY },
];
const claim = {
  type: 'claim', speaker: 'Ana Minister', kind: 'direct_quote', text: 'The talks would resume in spring.', addressees: ['Bo Listener'],
  topics: [{ topic: 'talks', stance: 'supports' }],
  sources: [{ article: 'https://b.example.com/2', quote: 'the talks would resume in spring' }, { article: 'https://a.example.com/1', quote: 'the talks would resume in spring' }],
};

describe('what an import stores', () => {
  it('sets first_published_on to the earliest UTC publication day of the sources, and moves it when a source is added', async () => {
    expect(await run([...records, claim])).toMatchObject({ created: 8, failed: 0 });
    const [created] = createClaimsRepository(db).list({ limit: 10 }).data;
    expect(firstPublished(created!.id)).toBe('2022-03-02');
    // The same claim again (folded text, another article): its new source is added.
    const report = await run([{ ...claim, text: 'the talks would resume in spring', sources: [{ article: 'https://c.example.com/3', quote: 'the talks would resume in spring' }] }]);
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ updated: 1, failed: 0 });
    expect(firstPublished(created!.id)).toBe('2021-12-31');
  });

  it('leaves first_published_on null when no source article has a publication date', async () => {
    await run([...records, { ...claim, sources: [{ article: 'https://d.example.com/4', quote: 'the talks would resume in spring' }] }]);
    const [created] = createClaimsRepository(db).list({ limit: 10 }).data;
    expect(firstPublished(created!.id)).toBeNull();
  });

  it('records revisions whose snapshots are the claim as the API shows it, before and after', async () => {
    await run([...records, claim]);
    const repo = createClaimsRepository(db);
    const [created] = repo.list({ limit: 10 }).data;
    await run([{ ...claim, sources: [{ article: 'https://c.example.com/3', quote: 'the talks would resume in spring' }] }]);
    const updated = repo.byIds([created!.id])[0];
    const revisions = revisionsOf(created!.id);
    expect(revisions.map((r) => r.action)).toEqual(['create', 'update']);
    expect(revisions[0]).toEqual({ action: 'create', before: null, after: created });
    expect(revisions[1]).toEqual({ action: 'update', before: created, after: updated });
    expect(updated?.sources.map((s) => s.article.title)).toEqual(['Early', 'Late', 'Earliest']);
    expect(updated?.addressee_ids).toHaveLength(1);
  });

  it('matches the oldest of several live claims by the speaker with the same folded text', async () => {
    await run(records);
    const repo = createClaimsRepository(db);
    const actorId = (sqlite.prepare("SELECT id FROM actors WHERE name = 'Ana Minister'").get() as { id: string }).id;
    const articleId = (sqlite.prepare("SELECT id FROM articles WHERE title = 'Late'").get() as { id: string }).id;
    const make = (text: string) => repo.create({ actor_id: actorId, kind: 'direct_quote', text, sources: [{ article_id: articleId, quote: 'the talks would resume in spring' }] }, null);
    const older = make('The talks would resume in spring!');
    const newer = make('the talks would resume in spring');
    expect(older.id < newer.id).toBe(true);
    const report = await run([{ ...claim, sources: [{ article: 'https://c.example.com/3', quote: 'the talks would resume in spring' }] }]);
    expect(report).toMatchObject({ updated: 1, created: 0, failed: 0 });
    expect(repo.byIds([older.id])[0]?.sources).toHaveLength(2);
    expect(repo.byIds([newer.id])[0]?.sources).toHaveLength(1);
  });

  it('undoes every write of a line that fails after writing, and keeps the lines around it', async () => {
    await run(records);
    const before = (sqlite.prepare('SELECT count(*) AS n FROM revisions').get() as { n: number }).n;
    // The second claim's fact-check repeats a url: it fails after the claim itself was written.
    const check = { publisher: 'Checker', url: 'https://check.example/1', rating: 'False' };
    const report = await run([
      { ...claim, text: 'One.', sources: [{ article: 'https://d.example.com/4', quote: 'One', verbatim: false }] },
      { ...claim, text: 'Two.', sources: [{ article: 'https://d.example.com/4', quote: 'Two', verbatim: false }], fact_checks: [check, check] },
      { ...claim, text: 'Three.', sources: [{ article: 'https://d.example.com/4', quote: 'Three', verbatim: false }] },
    ]);
    expect(report).toMatchObject({ created: 2, failed: 1 });
    expect(report.failures.map((f) => f.line)).toEqual([2]);
    const texts = createClaimsRepository(db).list({ limit: 10 }).data.map((c) => c.text).sort();
    expect(texts).toEqual(['One.', 'Three.']);
    expect((sqlite.prepare("SELECT count(*) AS n FROM claims WHERE text = 'Two.'").get() as { n: number }).n).toBe(0);
    expect((sqlite.prepare('SELECT count(*) AS n FROM revisions').get() as { n: number }).n).toBe(before + 2);
    expect((sqlite.prepare("SELECT count(*) AS n FROM claims_fts WHERE claims_fts MATCH 'two'").get() as { n: number }).n).toBe(0);
  });
});
