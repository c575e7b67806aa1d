// Where a read's time goes beyond its SQL: three servers under the same load, over the same database and parameters.
//   ids        a bare Fastify route (no hooks, no validation) that runs the page's SQL through the API's own code and
//              returns the page's ids: the framework ceiling of bench/run.ts, less its statement replay
//   documents  the same bare route, which also reads the page's stored claim documents in one transaction, as the API
//              does, and sends them as text, as the API does
//   API        the real server (dist/cli.js serve, one worker)
// "documents ÷ ids" is what reading and sending the claims costs; "API ÷ documents" is what the API's hooks, validation,
// headers and routing cost. Talks only to 127.0.0.1; every load is bounded by --duration and a request count.
// Run: npm run bench:ceilings -- --db FILE [--duration 10] [--no-build]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { openDatabase } from '../src/db/client.js';
import { listClaimIds, type ClaimQuery } from '../src/repositories/claim-query.js';
import { createClaimsRepository } from '../src/repositories/claims.js';
import { projectPath } from '../src/paths.js';
import { sampleParameters } from './parameters.js';
import { apiEnvironment, freePort, firstAnswer, measure, stop } from './processes.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    duration: { type: 'string', default: '10' },
    'no-build': { type: 'boolean', default: false },
    serve: { type: 'string' }, // internal: PORT:PARAMS.json, the bare routes in a process of their own
  },
});
if (args.db === undefined) throw new Error('--db FILE: a database made by npm run bench:generate');
const DB = args.db;
const LIMIT = 20;

interface Params { speaker: ClaimQuery[]; window: ClaimQuery[]; 'by-id': string[] }
type Key = keyof Params;
const KEYS: Key[] = ['speaker', 'window', 'by-id'];

if (args.serve !== undefined) {
  const [port, file] = args.serve.split(/:(.*)/s) as [string, string];
  const params = JSON.parse(readFileSync(file, 'utf8')) as Params;
  const db = openDatabase(DB, { migrate: false });
  const claims = createClaimsRepository(db);
  const claimRow = db.$client.prepare('SELECT * FROM claims WHERE id = ?');
  const app = Fastify({ logger: false });
  app.get('/ids/:key/:i', async (request) => {
    const { key, i } = request.params as { key: Key; i: string };
    if (key === 'by-id') return { data: claimRow.get(params[key][Number(i)]) };
    const page = listClaimIds(db, params[key][Number(i)] as ClaimQuery);
    return { data: page.ids, next_cursor: page.next_cursor };
  });
  app.get('/documents/:key/:i', async (request, reply) => {
    const { key, i } = request.params as { key: Key; i: string };
    reply.type('application/json; charset=utf-8');
    if (key === 'by-id') return claims.liveJson(params[key][Number(i)] as string);
    const page = claims.listJson(params[key][Number(i)] as ClaimQuery);
    return `{"data":[${page.data.join(',')}],"next_cursor":${JSON.stringify(page.next_cursor)}}`;
  });
  await app.listen({ port: Number(port), host: '127.0.0.1' });
} else {
  await main();
}

async function main() {
  const DURATION = Number(args.duration);
  if (!(DURATION > 0)) throw new Error('--duration takes a positive number of seconds');
  const log = (line: string) => process.stderr.write(`${line}\n`);

  // The parameters of bench/run.ts (bench/parameters.ts): its speakers, 30-day windows and claim ids.
  const ro = new Database(DB, { readonly: true, fileMustExist: true });
  const { speakerNames, windows, claimIds, dayAfter } = sampleParameters(ro);
  const params: Params = {
    speaker: speakerNames.map((speaker) => ({ speaker, sort: '-said_on', limit: LIMIT })),
    window: windows.map((d) => ({ said_from: d, said_to: dayAfter(d, 29), sort: 'said_on', limit: LIMIT })),
    'by-id': claimIds,
  };
  ro.close();
  const apiPath = (key: Key, i: number) => (key === 'by-id' ? `/v1/claims/${params[key][i]}`
    : `/v1/claims?${new URLSearchParams(Object.entries(params[key][i] as ClaimQuery).map(([k, v]): [string, string] => [k, String(v)]))}`);

  const dir = mkdtempSync(join(tmpdir(), 'whosaid-ceilings-'));
  const results: Record<Key, { ids: number; documents: number; api: number }> = {
    speaker: { ids: 0, documents: 0, api: 0 }, window: { ids: 0, documents: 0, api: 0 }, 'by-id': { ids: 0, documents: 0, api: 0 },
  };
  try {
    if (!args['no-build']) {
      log('building (npm run build)…');
      if (spawnSync('npm', ['run', 'build', '--silent'], { cwd: projectPath(), stdio: 'inherit' }).status !== 0) throw new Error('build failed');
    }
    const file = join(dir, 'params.json');
    writeFileSync(file, JSON.stringify(params));
    log('bare routes…');
    const barePort = await freePort();
    let server = await start(['--import', 'tsx', projectPath('bench', 'ceilings.ts'), '--db', DB, '--serve', `${barePort}:${file}`], {}, barePort, '/ids/by-id/0');
    try {
      for (const key of KEYS) {
        for (const route of ['ids', 'documents'] as const) {
          results[key][route] = await rate(barePort, params[key].map((_, i) => `/${route}/${key}/${i}`), DURATION, null);
          log(`  ${key}, ${route}: ${results[key][route].toFixed(0)} req/s`);
        }
      }
    } finally {
      await stop(server);
    }
    log('API, one worker…');
    const apiPort = await freePort();
    server = await start([projectPath('dist', 'cli.js'), 'serve'], apiEnvironment(DB, apiPort, 1), apiPort, '/healthz');
    try {
      for (const key of KEYS) {
        results[key].api = await rate(apiPort, params[key].map((_, i) => apiPath(key, i)), DURATION, '/healthz');
        log(`  ${key}: ${results[key].api.toFixed(0)} req/s`);
      }
    } finally {
      await stop(server);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '');
  const lines = [
    `${DB}: 10 connections, 2 s warm-up + ${DURATION} s per route, page size ${LIMIT}, one process each`,
    '',
    '| scenario | ids req/s | documents req/s | API req/s | documents ÷ ids | API ÷ documents | API ÷ ids |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...KEYS.map((key) => {
      const r = results[key];
      return `| ${key} | ${r.ids.toFixed(0)} | ${r.documents.toFixed(0)} | ${r.api.toFixed(0)} | ${ratio(r.documents, r.ids)} | ${ratio(r.api, r.documents)} | ${ratio(r.api, r.ids)} |`;
    }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Starts a server process and waits until `probe` answers 200 (two minutes at most). */
async function start(argv: string[], env: NodeJS.ProcessEnv, port: number, probe: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, argv, { cwd: projectPath(), stdio: ['ignore', 'inherit', 'inherit'], env: { PATH: process.env.PATH, ...env } });
  await firstAnswer(`http://127.0.0.1:${port}${probe}`, performance.now(), child);
  return child;
}

/**
 * req/s of 10 connections cycling over `paths` for `seconds`, after a 2 s warm-up and once `probe` (the first of `paths`
 * when null) answers again; at most 500,000 requests. Throws if any request of the measured load failed.
 */
async function rate(port: number, paths: string[], seconds: number, probe: string | null): Promise<number> {
  const stats = await measure(port, paths, { warmup: 2, seconds, connections: 10, maxRequests: 500_000, probe: probe ?? (paths[0] as string) });
  if (stats.errors > 0) throw new Error(`${stats.errors} failed requests on port ${port}`);
  return stats.rps;
}
