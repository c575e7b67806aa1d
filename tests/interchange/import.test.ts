// importNdjson over a real database: matching by id and natural key, idempotency, transactions, failures.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { loadDemo } from '../../src/demo/seed.js';
import { exportRecords } from '../../src/interchange/export.js';
import { importNdjson, splitLines, type ImportOptions } from '../../src/interchange/import.js';
import { createActorsRepository } from '../../src/repositories/actors.js';
import { createClaimsRepository } from '../../src/repositories/claims.js';
import { resetData } from '../helpers/app.js';
import { fold } from '../../src/domain/text.js';

const db = openDatabase(':memory:');
beforeEach(() => resetData(db));
afterAll(() => db.$client.close());

const BODY_A = 'Putin said on Tuesday that NATO expansion is "absolutely unacceptable" to Moscow.';
const BODY_B = 'NATO EXPANSION IS ABSOLUTELY UNACCEPTABLE, PUTIN TOLD REPORTERS.';

const base = [
  { type: 'topic', slug: 'european-security', name: 'European security' },
  { type: 'topic', slug: 'nato-expansion', name: 'NATO expansion', parent: 'european-security' },
  { type: 'actor', name: 'Russia', kind: 'country', wikidata_id: 'Q159' },
  { type: 'actor', name: 'Vladimir Putin', kind: 'person', wikidata_id: 'Q7747', aliases: ['Putin', 'Poutine'],
    roles: [{ title: 'President of Russia', organization: { wikidata_id: 'Q159' }, start: '2012-05-07', end: null }] },
  { type: 'article', url: 'https://news.example.com/a?utm_source=feed', title: 'Putin on NATO', outlet: 'Example', published_at: '2021-12-01', body: BODY_A },
  { type: 'article', url: 'https://other.example.org/b', title: 'PUTIN', outlet: 'Other', published_at: '2021-12-02', body: BODY_B },
];
const claimA = {
  type: 'claim', speaker: { wikidata_id: 'Q7747' }, kind: 'direct_quote', text: 'NATO expansion is "absolutely unacceptable".',
  said_on: '2021-11-30', topics: [{ topic: 'nato-expansion', stance: 'opposes' }],
  sources: [{ article: 'https://news.example.com/a', quote: 'NATO expansion is "absolutely unacceptable"', cue: 'said' }],
};
const claimB = { ...claimA, speaker: 'Poutine', text: 'nato expansion is absolutely unacceptable',
  sources: [{ article: 'https://other.example.org/b', quote: 'NATO EXPANSION IS ABSOLUTELY UNACCEPTABLE' }] };
const position = { type: 'position', actor: 'Putin', topic: 'nato-expansion', stance: 'opposes', valid_from: '2021-11',
  evidence: [{ speaker: 'Vladimir Putin', text: 'Nato expansion is absolutely unacceptable!' }] };

async function* lines(items: unknown[]) {
  for (const item of items) yield typeof item === 'string' ? item : JSON.stringify(item);
}
const run = (items: unknown[], options: Partial<ImportOptions> = {}, target: Db = db) =>
  importNdjson(target, lines(items), { mode: 'atomic', dryRun: false, format: 'whosaid', by: null, ...options });

const TABLES = ['topics', 'actors', 'actor_aliases', 'actor_roles', 'articles', 'claims', 'claim_sources', 'claim_topics', 'positions', 'position_evidence', 'revisions'];
/** Every row of every record table: two equal snapshots mean an identical database. */
const snapshot = (target: Db = db) => Object.fromEntries(TABLES.map((t) => [t, target.$client.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()]));
const count = (table: string, target: Db = db) => (target.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const claimsRepo = () => createClaimsRepository(db);
const allClaims = () => claimsRepo().list({ limit: 500 }).data;

describe('importing the interchange format', () => {
  it('creates every type, resolving references by natural key', async () => {
    const report = await run([...base, claimA, position]);
    expect(report).toMatchObject({ committed: true, lines: 8, created: 8, updated: 0, unchanged: 0, failed: 0, failures: [] });
    expect(report.by_type).toMatchObject({ topic: { created: 2 }, actor: { created: 2 }, article: { created: 2 }, claim: { created: 1 }, position: { created: 1 } });
    const [claim] = allClaims();
    expect(claim).toMatchObject({ speaker: { name: 'Vladimir Putin' }, origin: 'import', status: 'unreviewed', speaking_as: { title: 'President of Russia' } });
    expect(claim?.sources[0]).toMatchObject({ quote: 'NATO expansion is "absolutely unacceptable"', start: BODY_A.indexOf('NATO'), cue: 'said' });
  });

  it('imports the same file twice: the second time everything is unchanged and the database identical', async () => {
    const file = [...base, claimA, claimB, position];
    await run(file);
    const before = snapshot();
    const again = await run(file);
    expect(again).toMatchObject({ committed: true, created: 0, updated: 0, unchanged: 9, failed: 0 });
    expect(snapshot()).toEqual(before);
  });

  it('makes the same quote from two articles, in other punctuation and case, one claim with two sources', async () => {
    const report = await run([...base, claimA, claimB]);
    expect(report.by_type.claim).toEqual({ created: 1, updated: 1, unchanged: 0, failed: 0 });
    const found = allClaims();
    expect(found).toHaveLength(1);
    expect(found[0]?.text).toBe(claimA.text);
    expect(found[0]?.sources.map((s) => [s.article.title, s.quote])).toEqual([
      ['Putin on NATO', 'NATO expansion is "absolutely unacceptable"'],
      ['PUTIN', 'NATO EXPANSION IS ABSOLUTELY UNACCEPTABLE'],
    ]);
  });

  it('updates only the fields a record gives that differ, with a revision', async () => {
    await run(base);
    const putin = createActorsRepository(db).namedOrAliased(fold('Putin'))[0];
    const report = await run([{ type: 'actor', name: 'Vladimir Putin', kind: 'person', wikidata_id: 'Q7747', description: 'President of Russia' }]);
    expect(report.by_type.actor).toEqual({ created: 0, updated: 1, unchanged: 0, failed: 0 });
    const after = createActorsRepository(db).lifecycle.getLive(putin?.id as string);
    expect(after).toMatchObject({ description: 'President of Russia', aliases: ['Putin', 'Poutine'] });
    expect(after.roles).toHaveLength(1);
    expect(createActorsRepository(db).lifecycle.revisions(after.id, 10, undefined).data.map((r) => r.action)).toEqual(['create', 'update']);
  });

  it.each([
    ['a topic by slug', { type: 'topic', slug: 'nato-expansion', name: 'NATO enlargement' }, 'topic'],
    ['an article by its normalised url', { type: 'article', url: 'HTTPS://NEWS.EXAMPLE.COM/a#top', title: 'Putin on NATO, updated' }, 'article'],
    ['an actor by kind and name', { type: 'actor', name: 'russia', kind: 'country', country: 'RU' }, 'actor'],
    ['a position by actor, topic and valid_from', { ...position, stance: 'mixed' }, 'position'],
  ] as const)('matches %s', async (_label, record, type) => {
    await run([...base, claimA, position]);
    const report = await run([record]);
    expect(report.by_type[type]).toEqual({ created: 0, updated: 1, unchanged: 0, failed: 0 });
  });

  it('keeps the id and timestamps a new record carries, and matches a later record by that id', async () => {
    const id = 'top_01JEG8S0V2Y6Q5H3N0W4X9Z7KD';
    await run([{ type: 'topic', id, slug: 'sanctions', name: 'Sanctions', created_at: '2020-01-02T03:04:05Z', updated_at: '2020-02-03T04:05:06.000Z' }]);
    expect(db.$client.prepare('SELECT id, created_at, updated_at FROM topics').get())
      .toEqual({ id, created_at: '2020-01-02T03:04:05.000Z', updated_at: '2020-02-03T04:05:06.000Z' });
    const report = await run([{ type: 'topic', id, slug: 'economic-sanctions', name: 'Sanctions' }]);
    expect(report.by_type.topic.updated).toBe(1);
    expect(db.$client.prepare('SELECT slug FROM topics').get()).toEqual({ slug: 'economic-sanctions' });
  });

  it('attaches fact-checks a claim does not have yet, keeping their ids', async () => {
    const afp = { id: 'fcr_01JEG8S0V2Y6Q5H3N0W4X9Z7KD', publisher: 'AFP Fact Check', url: 'https://factcheck.example.com/nato?utm_source=x', rating: 'Misleading', created_at: '2021-12-05T10:00:00Z' };
    await run([...base, { ...claimA, fact_checks: [afp] }]);
    expect(allClaims()[0]?.fact_checks).toEqual([expect.objectContaining({ id: afp.id, url: 'https://factcheck.example.com/nato', created_at: '2021-12-05T10:00:00.000Z' })]);
    expect((await run([{ ...claimA, fact_checks: [afp] }])).unchanged).toBe(1);
    const more = await run([{ ...claimB, sources: claimA.sources, fact_checks: [{ publisher: 'Other', url: 'https://checks.example.org/1', rating: 'False' }] }]);
    expect(more.by_type.claim.updated).toBe(1);
    expect(allClaims()[0]?.fact_checks.map((f) => f.publisher)).toEqual(['AFP Fact Check', 'Other']);
  });

  it('reads a full export back to the same database state', async () => {
    loadDemo(db);
    const dump = [...exportRecords(db)];
    const target = openDatabase(':memory:');
    const first = await run(dump, {}, target);
    expect(first).toMatchObject({ committed: true, failed: 0, created: dump.length });
    expect([...exportRecords(target)]).toEqual(dump);
    const second = await run(dump, {}, target);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: dump.length });
    target.$client.close();
  });
});

describe('references', () => {
  let ids: Record<string, string>;
  beforeEach(async () => {
    await run(base);
    const get = (sql: string) => (db.$client.prepare(sql).get() as { id: string }).id;
    ids = {
      putin: get("SELECT id FROM actors WHERE wikidata_id = 'Q7747'"),
      topic: get("SELECT id FROM topics WHERE slug = 'nato-expansion'"),
      article: get("SELECT id FROM articles WHERE outlet = 'Example'"),
    };
  });

  it.each([
    ['wikidata_id', () => ({ wikidata_id: 'Q7747' })],
    ['name', () => 'Vladimir Putin'],
    ['alias, any case and diacritics', () => 'POUTINE'],
    ['{name, kind}', () => ({ name: 'vladimir putin', kind: 'person' })],
    ['id', () => ids.putin],
    ['{id}', () => ({ id: ids.putin })],
  ])('finds a speaker by %s', async (_label, speaker) => {
    const report = await run([{ ...claimA, speaker: speaker() }]);
    expect(report.failures).toEqual([]);
    expect(allClaims()[0]?.actor_id).toBe(ids.putin);
  });

  it.each([
    ['slug and url', () => 'nato-expansion', () => 'https://news.example.com/a'],
    ['{slug} and {url}', () => ({ slug: 'nato-expansion' }), () => ({ url: 'https://news.example.com/a?utm_medium=x' })],
    ['ids', () => ids.topic, () => ids.article],
    ['{id}', () => ({ id: ids.topic }), () => ({ id: ids.article })],
  ])('finds topics and articles by %s', async (_label, topic, article) => {
    const report = await run([{ ...claimA, topics: [{ topic: topic(), stance: 'opposes' }], sources: [{ article: article(), quote: 'absolutely unacceptable' }] }]);
    expect(report.failures).toEqual([]);
    expect(allClaims()[0]).toMatchObject({ topics: [{ topic_id: ids.topic }], sources: [{ article_id: ids.article }] });
  });

  it.each([
    ['an unknown name', { speaker: 'Nobody' }, 422, '/speaker', 'no live actor is named or aliased "Nobody"'],
    ['an unknown QID', { speaker: { wikidata_id: 'Q1' } }, 422, '/speaker', 'no live actor with wikidata_id Q1'],
    ['an unknown slug', { topics: [{ topic: 'nope', stance: 'opposes' }] }, 422, '/topics/0/topic', 'no live topic with slug "nope"'],
    ['an unknown url', { sources: [{ article: 'https://nowhere.example/x', quote: 'x' }] }, 422, '/sources/0/article', 'no live article at https://nowhere.example/x'],
    ['both actor_id and speaker', { actor_id: 'act_01JEG8S0V2Y6Q5H3N0W4X9Z7KD' }, 400, '/speaker', 'give actor_id or speaker, not both'],
    ['no speaker', { speaker: undefined }, 400, '/speaker', 'is required (or actor_id)'],
    ['an unknown field', { mood: 'angry' }, 400, '/mood', 'unknown field'],
    ['two references to one actor', { addressees: ['Putin', { wikidata_id: 'Q7747' }] }, 422, '/addressees/1', 'names the same record as item 0'],
    ['a bad reference form', { speaker: { qid: 'Q7747' } }, 400, '/speaker', expect.stringContaining('must be an actor')],
  ])('fails a claim with %s, naming the field', async (_label, over, status, pointer, message) => {
    const report = await run([{ ...claimA, ...over }]);
    expect(report.failures).toEqual([{ line: 1, problem: expect.objectContaining({ status, errors: [expect.objectContaining({ pointer, message })] }) }]);
  });

  it('refuses a name that stands for two actors', async () => {
    await run([{ type: 'actor', name: 'Putin', kind: 'other' }]);
    const report = await run([{ ...claimA, speaker: 'Putin' }]);
    expect(report.failures[0]?.problem.errors?.[0]?.message).toMatch(/"Putin" is ambiguous: it names 2 actors/);
    expect((await run([{ ...claimA, speaker: { name: 'Putin', kind: 'person' } }])).failed).toBe(0);
  });
});

describe('transactions and failures', () => {
  const file = [...base, claimA, '{"type": "claim", "speaker": "Putin"', '', claimB, position];

  it('atomic: one bad line changes nothing and the report names it', async () => {
    const report = await run(file);
    expect(report).toMatchObject({ committed: false, lines: 11, failed: 1, created: 8, updated: 1 });
    expect(report.failures).toEqual([{ line: 8, problem: expect.objectContaining({ status: 400, type: '/problems/bad-request', detail: expect.stringMatching(/^line 8: not valid JSON/) }) }]);
    expect(count('topics') + count('actors') + count('articles') + count('claims') + count('revisions')).toBe(0);
  });

  it('best_effort: every other line lands', async () => {
    const report = await run(file, { mode: 'best_effort' });
    expect(report).toMatchObject({ committed: true, lines: 11, failed: 1, created: 8, updated: 1 });
    expect(allClaims()[0]?.sources).toHaveLength(2);
    expect(count('positions')).toBe(1);
  });

  it.each(['atomic', 'best_effort'] as const)('dry run (%s) reports what would happen and changes nothing', async (mode) => {
    const report = await run([...base, claimA], { mode, dryRun: true });
    expect(report).toMatchObject({ dry_run: true, committed: false, created: 7, failed: 0 });
    expect(count('topics') + count('revisions')).toBe(0);
  });

  it('skips blank lines, and reports at most 1,000 failures while counting them all', async () => {
    const report = await run(['', '   ', ...Array.from({ length: 1005 }, () => '[]')], { mode: 'best_effort' });
    expect(report).toMatchObject({ lines: 1007, failed: 1005, failures_truncated: true });
    expect(report.failures).toHaveLength(1000);
    expect(report.failures[0]).toMatchObject({ line: 3, problem: { status: 400, detail: 'line 3: a line must hold one JSON object' } });
  });

  it('a failed line leaves nothing behind, even what it created before failing', async () => {
    await run(base);
    const report = await run([{ ...claimA, sources: [{ article: 'https://news.example.com/a', quote: 'words never printed' }] }], { mode: 'best_effort' });
    expect(report.failures[0]?.problem).toMatchObject({ status: 422, type: '/problems/quote-not-found' });
    expect(count('claims')).toBe(0);
  });
});

describe('on a database file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'whosaid-import-'));
  const topics = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'topic', slug: `topic-${i}`, name: `Topic ${i}` }));

  it('atomic: imports on a connection of its own, so the server connection stays outside the transaction', async () => {
    const file = openDatabase(join(dir, 'atomic.db'));
    const seen: { inTransaction: boolean; visible: number }[] = [];
    async function* watched() {
      for (const [i, record] of topics(700).entries()) {
        if (i === 600) seen.push({ inTransaction: file.$client.inTransaction, visible: count('topics', file) });
        yield JSON.stringify(record);
      }
    }
    const report = await importNdjson(file, watched(), { mode: 'atomic', dryRun: false, format: 'whosaid', by: null });
    expect(report).toMatchObject({ committed: true, created: 700 });
    expect(seen).toEqual([{ inTransaction: false, visible: 0 }]);
    expect(count('topics', file)).toBe(700);
    file.$client.close();
  });

  it('refuses a second import of the same file while one runs, with a 503', async () => {
    const file = openDatabase(join(dir, 'busy.db'));
    let second: Promise<unknown> | undefined;
    async function* watched() {
      yield JSON.stringify(topics(1)[0]);
      second = importNdjson(file, (async function* () { yield '{}'; })(), { mode: 'atomic', dryRun: false, format: 'whosaid', by: null });
      await second.catch(() => undefined);
    }
    await importNdjson(file, watched(), { mode: 'atomic', dryRun: false, format: 'whosaid', by: null });
    await expect(second).rejects.toMatchObject({ status: 503 });
    file.$client.close();
  });

  it('best_effort: commits chunk by chunk', async () => {
    const file = openDatabase(join(dir, 'best-effort.db'));
    let visible = -1;
    async function* watched() {
      for (const [i, record] of topics(700).entries()) {
        if (i === 600) visible = count('topics', file);
        yield JSON.stringify(record);
      }
    }
    await importNdjson(file, watched(), { mode: 'best_effort', dryRun: false, format: 'whosaid', by: null });
    expect(visible).toBe(500);
    file.$client.close();
  });
});

describe('splitLines', () => {
  async function* chunks(...parts: (string | Buffer)[]) { yield* parts; }
  const collect = async (source: AsyncIterable<string>) => { const out: string[] = []; for await (const l of source) out.push(l); return out; };

  it('splits LF and CRLF lines and decodes UTF-8 split across chunks', async () => {
    const bytes = Buffer.from('{"a":"Zajárova"}\r\n{"b":2}\n\n{"c":3}');
    const cut = bytes.indexOf(0xc3) + 1;
    expect(await collect(splitLines(chunks(bytes.subarray(0, cut), bytes.subarray(cut))))).toEqual(['{"a":"Zajárova"}\r', '{"b":2}', '', '{"c":3}']);
  });

  it.each([
    ['the whole input', { maxBytes: 10 }, /larger than 10 bytes/],
    ['one line', { maxLineLength: 5 }, /longer than 5 characters/],
  ])('refuses %s when too long with a 413', async (_label, limits, detail) => {
    await expect(collect(splitLines(chunks('{"a":1}\n', '{"b":"long"}'), limits))).rejects.toMatchObject({ status: 413, message: expect.stringMatching(detail) });
  });
});

describe('extraction on import', () => {
  it('extract: true on an article record suggests its claims once, however often the file is imported', async () => {
    const file = [...base.slice(0, 4), { ...base[4], extract: true }];
    const first = await run(file);
    expect(first).toMatchObject({ committed: true, failed: 0 });
    const extracted = allClaims().filter((c) => c.origin === 'extraction');
    expect(extracted.length).toBeGreaterThan(0);
    expect(extracted[0]).toMatchObject({ speaker: { name: 'Vladimir Putin' }, status: 'unreviewed', said_on: '2021-11-30' });
    const second = await run(file);
    expect(second).toMatchObject({ committed: true, failed: 0, created: 0 });
    expect(allClaims().filter((c) => c.origin === 'extraction').length).toBe(extracted.length);
  });
});
