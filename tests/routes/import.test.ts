// POST /v1/import through app.inject, and `whosaid import` run as a user would.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { useTestApp } from '../helpers/app.js';
import { CLI } from '../helpers/cli.js';

const t = useTestApp();

const records = [
  { type: 'topic', slug: 'nato-expansion', name: 'NATO expansion' },
  { type: 'actor', name: 'Sergey Lavrov', kind: 'person', aliases: ['Lavrov'] },
  { type: 'article', url: 'https://news.example.com/lavrov', title: 'Lavrov on NATO', body: 'Lavrov said NATO is causing the situation to worsen.' },
  { type: 'claim', speaker: 'Lavrov', kind: 'indirect_quote', text: 'NATO is causing the situation to worsen.',
    topics: [{ topic: 'nato-expansion', stance: 'opposes' }], sources: [{ article: 'https://news.example.com/lavrov', quote: 'NATO is causing the situation to worsen' }] },
];
const ndjson = (items: unknown[]) => items.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');
const NDJSON = { 'content-type': 'application/x-ndjson' };

const post = (query: string, payload: string | Readable, headers: Record<string, string> = { ...t.auth.write, ...NDJSON }) =>
  t.app.inject({ method: 'POST', url: `/v1/import${query}`, headers, payload });
const count = (table: string) => (t.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('POST /v1/import', () => {
  it('reads a streamed body and answers the report; the same body again changes nothing', async () => {
    const res = await post('', Readable.from(ndjson(records).split(/(?<=\n)/)));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ mode: 'atomic', dry_run: false, format: 'whosaid', committed: true, lines: 4, created: 4, failed: 0 });
    const claims = (await t.app.inject({ url: '/v1/claims' })).json().data;
    expect(claims).toMatchObject([{ speaker: { name: 'Sergey Lavrov' }, origin: 'import', sources: [{ start: 12 }] }]);
    const revisions = (await t.app.inject({ url: `/v1/claims/${claims[0].id}/revisions` })).json().data;
    expect(revisions[0].by).toMatchObject({ name: 'writer' });

    const again = await post('', ndjson(records));
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
  });

  it('answers 422 with the report when an atomic import has a bad line, and changes nothing', async () => {
    const res = await post('', ndjson([...records.slice(0, 2), { type: 'actor', name: 'X', kind: 'alien' }, records[2]]));
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ type: '/problems/import-failed', status: 422, report: { committed: false, failed: 1, lines: 4 } });
    expect(body.report.failures).toEqual([{ line: 3, problem: expect.objectContaining({ status: 400, errors: [expect.objectContaining({ pointer: '/kind' })] }) }]);
    expect(count('topics') + count('actors')).toBe(0);
  });

  it('lands every good line in best_effort mode and lists the others', async () => {
    const res = await post('?mode=best_effort', ndjson([records[0], '{oops', ...records.slice(1)]));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ committed: true, created: 4, failed: 1, failures: [{ line: 2 }] });
    expect(count('claims')).toBe(1);
  });

  it('reports without writing on a dry run', async () => {
    const res = await post('?dry_run=true', ndjson(records));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dry_run: true, committed: false, created: 4 });
    expect(count('topics')).toBe(0);
  });

  it('reads Quotebank quotations with format=quotebank', async () => {
    const line = { quoteID: '2021-12-01-000042', quotation: 'NATO is causing the situation to worsen', speaker: 'Sergey Lavrov', qids: ['Q80137'],
      date: '2021-12-01 10:00:00', numOccurrences: 1, probas: [['Sergey Lavrov', '0.91'], ['None', '0.09']], urls: ['https://news.example.com/q'], phase: 'E' };
    const res = await post('?format=quotebank', ndjson([line]));
    expect(res.json()).toMatchObject({ format: 'quotebank', created: 3, by_type: { actor: { created: 1 }, article: { created: 1 }, claim: { created: 1 } } });
  });

  it.each([
    ['no key', NDJSON, 401],
    ['a read key', 'read', 403],
  ] as const)('refuses %s with %i and imports nothing', async (_label, headers, status) => {
    const res = await post('', ndjson(records), headers === 'read' ? { ...t.auth.read, ...NDJSON } : headers);
    expect(res.statusCode).toBe(status);
    expect(res.json().status).toBe(status);
    expect(count('topics')).toBe(0);
  });

  it.each([
    ['a JSON body', { 'content-type': 'application/json' }, JSON.stringify(records[0]), 415],
    ['no body', {}, '', 415],
    ['an unknown mode', NDJSON, ndjson(records), 400, '?mode=fast'],
    ['an unknown parameter', NDJSON, ndjson(records), 400, '?upsert=1'],
  ])('answers %s with a problem', async (_label, contentType, payload, status, query = '') => {
    const res = await post(query, payload, { ...t.auth.write, ...contentType });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(count('topics')).toBe(0);
  });
});

describe('whosaid import', () => {
  const run = promisify(execFile);
  const dir = mkdtempSync(join(tmpdir(), 'whosaid-import-cli-'));
  const dbFile = join(dir, 'cli.db');
  const whosaid = (...args: string[]) => run(process.execPath, [...CLI, 'import', ...args], {
    env: { PATH: process.env.PATH ?? '', WHOSAID_DB: dbFile, LOG_LEVEL: 'silent' }, timeout: 30_000,
  });
  const claimsIn = () => {
    const db = openDatabase(dbFile);
    const n = (db.$client.prepare('SELECT count(*) AS n FROM claims').get() as { n: number }).n;
    db.$client.close();
    return n;
  };

  it('prints the report, exits 1 with nothing committed when an atomic file has a bad line, and 0 when it lands', async () => {
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, `${ndjson([...records.slice(0, 3), { ...records[3], speaker: 'Nobody' }])}\n`);
    const failed = await whosaid(bad).then(() => undefined, (error: { code: number; stdout: string }) => error);
    expect(failed?.code).toBe(1);
    expect(JSON.parse(failed?.stdout ?? '{}')).toMatchObject({ committed: false, failed: 1, failures: [{ line: 4, problem: { status: 422 } }] });
    expect(claimsIn()).toBe(0);

    const good = join(dir, 'good.ndjson');
    writeFileSync(good, ndjson(records));
    const { stdout } = await whosaid(good, '--mode', 'best_effort');
    expect(JSON.parse(stdout)).toMatchObject({ mode: 'best_effort', committed: true, created: 4, failed: 0 });
    expect(claimsIn()).toBe(1);
  }, 60_000);
});
