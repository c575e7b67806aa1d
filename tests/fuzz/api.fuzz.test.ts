// Property-based fuzzing of every operation in the committed openapi.yaml, over the demo data:
// valid and invalid requests (tests/fuzz/requests.ts) through app.inject, and for every response
// (tests/fuzz/spec.ts checkResponse): no 5xx, a documented status and content type, a body valid
// against the documented schema, and every 4xx as problem+json whose status is the HTTP status.
// Seeded: FUZZ_SEED=<n> reproduces a run; FUZZ_RUNS=<n> sets the requests per operation.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/demo/seed.js';
import { makeApp, type TestApp } from '../helpers/app.js';
import type { IdPool } from './arbitraries.js';
import { CURRENT_ETAG, requestsFor, type FuzzRequest, type Keys } from './requests.js';
import { snapshot } from './snapshot.js';
import { checkResponse, operations, type Observed, type Operation } from './spec.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const RUNS = Number(process.env.FUZZ_RUNS ?? 110);
/** Operations that stream the whole database on every call get fewer runs. */
const FEWER_RUNS: Record<string, number> = { exportAll: 30 };

let t: TestApp;
let keys: Keys;
let restore: () => void;
let sent = 0;
const statuses = new Map<number, number>();
const started = Date.now();

const secret = (h: Record<string, string>) => (h.authorization ?? '').replace(/^Bearer /, '');

beforeAll(async () => {
  t = await makeApp();
  expect(loadDemo(t.db).loaded).toBe(true);
  keys = { read: secret(t.auth.read), write: secret(t.auth.write), admin: secret(t.auth.admin) };
  // Fact-checks (the demo has none) and one deleted record of each kind, so that ids answering 410 exist.
  const ids = (table: string) => t.db.$client.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all() as string[];
  const [claim, other] = ids('claims');
  for (const [n, id] of [[1, claim], [2, claim], [3, other]] as const) {
    const res = await t.app.inject({
      method: 'POST', url: `/v1/claims/${id}/fact-checks`, headers: t.auth.write,
      payload: { publisher: 'Fact Check Desk', url: `https://factcheck.example/${n}`, rating: 'Misleading', rating_value: 2, best_rating: 5, worst_rating: 1 },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const post = async (url: string, payload: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url, headers: t.auth.write, payload });
    expect(res.statusCode, `${url} ${res.body}`).toBe(201);
    return `${url}/${res.json<{ id: string }>().id}`;
  };
  const [actor, topic, article] = [ids('actors')[0], ids('topics')[0], ids('articles')[0]];
  const doomed = [
    await post('/v1/articles', { title: 'Deleted article' }),
    await post('/v1/actors', { name: 'Deleted actor', kind: 'group' }),
    await post('/v1/topics', { slug: 'deleted-topic', name: 'Deleted topic' }),
    await post('/v1/claims', { actor_id: actor, text: 'Deleted claim', kind: 'paraphrase', sources: [{ article_id: article, quote: 'NATO' }] }),
    await post('/v1/positions', { actor_id: actor, topic_id: topic, stance: 'mixed' }),
  ];
  for (const url of doomed) {
    const res = await t.app.inject({ method: 'DELETE', url, headers: t.auth.write });
    expect(res.statusCode, `${url} ${res.body}`).toBe(204);
  }
  restore = snapshot(t.db);
});

afterAll(async () => {
  const tally = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');
  console.log(`fuzz: ${sent} requests over ${operations.length} operations, seed ${SEED} (FUZZ_SEED=${SEED} reproduces), ` +
    `${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${tally}`);
  await t?.app.close();
});

/** Real ids by prefix, deleted ones included. */
function idPool(): IdPool {
  const pool: IdPool = {};
  for (const table of ['articles', 'actors', 'topics', 'claims', 'positions', 'fact_checks']) {
    for (const id of t.db.$client.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all() as string[]) {
      (pool[id.slice(0, 3)] ??= []).push(id);
    }
  }
  return pool;
}

/** The operation a method and URL path belong to (for the GETs made to read a current ETag). */
function operationAt(method: string, path: string): Operation | undefined {
  return operations.find((o) => o.method === method && new RegExp(`^${o.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(path));
}

async function inject(req: FuzzRequest): Promise<Observed> {
  sent += 1;
  const res = await t.app.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, payload: req.payload });
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  return { statusCode: res.statusCode, headers: res.headers, body: res.body };
}

const clip = (s: string, n = 1500) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

function describeFailure(req: FuzzRequest, res: Observed, problems: string[]): string {
  return [
    `${req.method} ${clip(req.url, 500)}`,
    `request headers: ${JSON.stringify(req.headers)}`,
    `request body: ${req.payload === undefined ? '(none)' : clip(JSON.stringify(req.payload))}`,
    `→ ${res.statusCode} ${String(res.headers['content-type'] ?? '')}`,
    `response body: ${clip(res.body)}`,
    ...problems.map((p) => `  ✗ ${p}`),
  ].join('\n');
}

/** Sends the request (after a GET for the current ETag when asked for) and checks every response. */
async function sendAndCheck(op: Operation, generated: FuzzRequest): Promise<void> {
  const req = { ...generated, headers: { ...generated.headers } };
  for (const name of ['if-match', 'if-none-match']) {
    if (req.headers[name] !== CURRENT_ETAG) continue;
    // The record the operation acts on: the URL path, without a trailing /merge.
    const path = req.url.split('?')[0]!.replace(/\/merge$/, '');
    const get: FuzzRequest = { method: 'GET', url: path, headers: {} };
    const res = await inject(get);
    const getOp = operationAt('GET', path);
    const problems = getOp ? checkResponse(getOp, res) : [];
    if (problems.length > 0) throw new Error(describeFailure(get, res, problems));
    req.headers[name] = String(res.headers.etag ?? '"no-etag"');
  }
  const res = await inject(req);
  const problems = checkResponse(op, res);
  if (problems.length > 0) throw new Error(`${op.operationId}:\n${describeFailure(req, res, problems)}`);
}

/** Reads every record back after a write operation's run: what the writes stored must still fit the documented schemas. */
async function readBack(): Promise<void> {
  for (const table of ['articles', 'actors', 'topics', 'claims', 'positions']) {
    const req: FuzzRequest = { method: 'GET', url: `/v1/${table}?limit=500`, headers: {} };
    const res = await inject(req);
    const problems = checkResponse(operationAt('GET', `/v1/${table}`)!, res);
    if (problems.length > 0) throw new Error(`after the writes, ${describeFailure(req, res, problems)}`);
  }
}

describe('fuzzing every operation of openapi.yaml', () => {
  it.each(operations.map((op) => [op.operationId, op] as const))('%s', async (_id, op) => {
    restore();
    const property = fc.asyncProperty(requestsFor(op, idPool(), keys), (req) => sendAndCheck(op, req));
    await fc.assert(property, { seed: SEED, numRuns: FEWER_RUNS[op.operationId] ?? RUNS });
    if (op.method !== 'GET') await readBack();
  });

  it('sends at least 5,000 requests (fewer only when FUZZ_RUNS asks for fewer)', () => {
    expect(sent).toBeGreaterThanOrEqual(Math.min(5000, operations.length * RUNS));
  });
});
