// Load benchmark of the API over a generated database, with two baselines measured in the same run:
// the same SQL through raw better-sqlite3 in this process (the limit), and a bare Fastify route replaying it (the framework ceiling).
// Run: npm run bench:run -- --db FILE [--duration 10] [--rounds 3] [--workers N] [--only a,b] [--limit 20] [--export-all] [--ingest N] [--no-build]
//      npm run bench:run -- --ingest-only [--ingest N]   (only the ingest ratio: no database, no build, no servers)
// Talks only to 127.0.0.1; every load run is bounded by --duration and --max-requests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { openDatabase, registerFunctions, type Db } from '../src/db/client.js';
import * as schema from '../src/db/schema.js';
import { createAnalysisRepository } from '../src/repositories/analysis.js';
import { listClaimIds, type ClaimQuery } from '../src/repositories/claim-query.js';
import { projectPath } from '../src/paths.js';
import { describeIngest, ingest, type IngestResult } from './ingest.js';
import { sampleParameters } from './parameters.js';
import { apiEnvironment, freePort, firstAnswer, load, measure, stop, type Stats } from './processes.js';
import { createReplayer, type Recorded } from './replay.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    workers: { type: 'string', default: '0' },
    limit: { type: 'string', default: '20' },
    only: { type: 'string' },
    'max-requests': { type: 'string', default: '500000' },
    'export-all': { type: 'boolean', default: false },
    ingest: { type: 'string', default: '5000' },
    'ingest-only': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
if (args['ingest-only']) {
  const n = Number(args.ingest);
  if (!Number.isInteger(n) || n < 1) throw new Error('--ingest takes a positive integer');
  const loadBefore = loadavg().map((l) => l.toFixed(1)).join(' ');
  const result = await ingest(n);
  process.stdout.write(`${describeIngest(result)}\nload average ${loadBefore} at the start, ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end\n`);
  process.exit(result.failed > 0 ? 1 : 0);
}
if (args.db === undefined || !existsSync(args.db)) throw new Error('--db FILE: a database made by npm run bench:generate');
const DB = args.db;
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const CORES = availableParallelism();
const WORKERS = Number(args.workers) === 0 ? CORES : Number(args.workers);
const LIMIT = Number(args.limit);
const MAX_REQUESTS = Number(args['max-requests']);
const ROUNDS = Number(args.rounds);
const INGEST = Number(args.ingest);
const ONLY = args.only === undefined ? null : new Set(args.only.split(','));
for (const [name, v] of Object.entries({ DURATION, WARMUP, CONNECTIONS, WORKERS, LIMIT, MAX_REQUESTS, INGEST })) {
  if (!Number.isFinite(v) || v < 0) throw new Error(`bad ${name}`);
}
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--rounds takes a positive integer');

const log = (line: string) => process.stderr.write(`${line}\n`);
const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' ');

// ---------------------------------------------------------------------------------------------------------------
// Parameters: sampled from the database with a fixed seed, so that every run asks the same questions.

const ro = new Database(DB, { readonly: true, fileMustExist: true });
registerFunctions(ro); // the application's SQL functions: the repositories' claim reads may render a stale document
// Speakers, claim ids, topics and windows (bench/parameters.ts); the stances' dates and the networks' years are drawn on from `rand` below.
const { rand, maxSeq, actorIds, speakerNames, claimIds, topicIds, windows, dayAfter, randomDay } = sampleParameters(ro);
const hits = ro.prepare('SELECT count(*) AS n FROM claims_fts WHERE claims_fts MATCH ?');
const countHits = (word: string) => (hits.get(word) as { n: number }).n;

/** Words by how many claims hold them: the generator's lists when there is a FILE.meta.json, else the index's vocabulary. */
function words(): { topical: string[]; common: string[] } {
  const metaFile = `${DB}.meta.json`;
  let candidates: string[];
  if (existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { commonWords: string[]; topicalWords: string[] };
    candidates = [...meta.commonWords, ...meta.topicalWords];
  } else {
    ro.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab USING fts5vocab(main, 'claims_fts', 'row')");
    candidates = (ro.prepare('SELECT term FROM temp.bench_vocab WHERE doc >= 20 AND length(term) > 3').all() as { term: string }[]).map((r) => r.term);
  }
  const counted = candidates.map((w) => ({ w, n: countHits(w) }));
  // At 1M claims: topical words in 150 to 1,000 claims, common ones in 10,000 or more; proportionally at other scales.
  const topical = counted.filter((c) => c.n >= Math.max(20, maxSeq * 0.00015) && c.n <= maxSeq * 0.001).map((c) => c.w).slice(0, 200);
  const common = counted.filter((c) => c.n >= maxSeq * 0.01).map((c) => c.w).slice(0, 60);
  return { topical, common };
}

const { topical, common } = words();
// A small database may have no words of these sizes: only the scenarios that run need theirs.
const selected = (...keys: string[]) => ONLY === null || keys.some((key) => ONLY.has(key));
if ((selected('search-topical') && topical.length === 0) || (selected('search-common', 'under-load') && common.length === 0)) {
  throw new Error(`no words of the sizes wanted (topical ${topical.length}, common ${common.length})`);
}

// The recorder: a Drizzle database over `ro` that keeps every statement run through it, whether Drizzle built it or a
// repository prepared it itself: its text and parameters, as better-sqlite3 was given them.
const recording: Recorded[] = [];
const RUNS = new Set<PropertyKey>(['all', 'get', 'iterate', 'run']);
function recordingStatement(statement: Database.Statement, text: string): Database.Statement {
  const proxy: Database.Statement = new Proxy(statement, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (RUNS.has(prop)) {
        return (...params: unknown[]) => {
          recording.push({ sql: text, params });
          return (value as (...a: unknown[]) => unknown).apply(target, params);
        };
      }
      // raw(), pluck() and the like return the statement: the recording one, so that chained calls are kept too.
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result === target ? proxy : result;
      };
    },
  });
  return proxy;
}
const recordingClient = new Proxy(ro, {
  get(target, prop) {
    if (prop === 'prepare') return (text: string) => recordingStatement(target.prepare(text), text);
    const value = Reflect.get(target, prop, target) as unknown;
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
  },
});
const recorder = drizzle(recordingClient, { schema }) as unknown as Db;
function record(run: () => unknown, keep: (r: Recorded) => boolean = () => true): Recorded[] {
  recording.length = 0;
  run();
  return recording.filter(keep).map((r) => ({ sql: r.sql, params: [...r.params] }));
}
const analysis = createAnalysisRepository(recorder);

interface Scenario {
  key: string;
  label: string;
  paths: string[];
  /** The SQL of each path, when the scenario has baselines: the page query, without embedding. */
  baseline?: Recorded[][];
  /** Run again with every worker. */
  scaled?: boolean;
}

const query = (params: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
const listScenario = (key: string, label: string, queries: ClaimQuery[]): Scenario => ({
  key, label, scaled: true,
  paths: queries.map((q) => `/v1/claims?${query(q as Record<string, string | number>)}`),
  baseline: queries.map((q) => record(() => listClaimIds(recorder, q))),
});

const scenarios: Scenario[] = [
  listScenario('speaker', 'claims by speaker, newest first', speakerNames.map((speaker) => ({ speaker, sort: '-said_on', limit: LIMIT }))),
  listScenario('window', 'claims in a 30-day window', windows.map((d) => ({ said_from: d, said_to: dayAfter(d, 29), sort: 'said_on', limit: LIMIT }))),
  {
    key: 'by-id', label: 'claim by id', scaled: true,
    paths: claimIds.map((id) => `/v1/claims/${id}`),
    baseline: claimIds.map((id) => record(() => recorder.select().from(schema.claims).where(eq(schema.claims.id, id)).get())),
  },
  {
    key: 'timeline', label: 'actor timeline', scaled: true,
    paths: actorIds.map((id) => `/v1/actors/${id}/timeline?limit=${LIMIT}`),
    baseline: actorIds.map((id) => record(() => analysis.timeline(id, { limit: LIMIT }), (r) => r.sql.includes('UNION ALL'))),
  },
  listScenario('search-topical', 'search, topical word', topical.map((q) => ({ q, limit: LIMIT }))),
  listScenario('search-common', 'search, common word', common.map((q) => ({ q, limit: LIMIT }))),
  {
    key: 'stances', label: 'topic stances on a date',
    paths: topicIds.map((id) => `/v1/topics/${id}/stances?${query({ at: randomDay(), limit: LIMIT })}`),
  },
  {
    key: 'network', label: 'congruence network, one topic, one year',
    paths: topicIds.map((id) => {
      const year = String(2001 + Math.floor(rand() * 24));
      return `/v1/networks?${query({ topic_id: id, said_from: year, said_to: year })}`;
    }),
  },
].filter((s) => ONLY === null || ONLY.has(s.key));
for (const s of scenarios) {
  if (s.baseline?.some((b) => b.length === 0)) throw new Error(`scenario ${s.key}: a request recorded no SQL`);
}
const example = (list: string[]) => (list[0] === undefined ? '' : ` (e.g. ${list[0]}: ${countHits(list[0])} hits)`);
log(`parameters: ${speakerNames.length} speakers, ${windows.length} windows, ${topical.length} topical words${example(topical)}, `
  + `${common.length} common words${example(common)}, ${claimIds.length} claim ids, ${topicIds.length} topics`);

// ---------------------------------------------------------------------------------------------------------------
// Measuring.

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/** The limit: the recorded statements of each request in turn, in this process, for at most `seconds`. */
let replayer: ReturnType<typeof createReplayer> | undefined;
function rawLoop(statements: Recorded[][], seconds: number): Stats {
  const replay = (replayer ??= createReplayer(openDatabase(DB, { migrate: false }).$client));
  for (let i = 0; i < Math.min(200, statements.length * 2); i++) replay(statements[i % statements.length] as Recorded[]);
  const times: number[] = [];
  const started = performance.now();
  const end = started + seconds * 1000;
  for (let i = 0; performance.now() < end && i < MAX_REQUESTS; i++) {
    const t = performance.now();
    replay(statements[i % statements.length] as Recorded[]);
    times.push(performance.now() - t);
  }
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { rps: times.length / elapsed, p50: percentile(times, 50), p99: percentile(times, 99), requests: times.length, errors: 0 };
}

/** The run's load: --connections (or `connections`) for --duration after --warmup, at most --max-requests; /healthz to wait on after the warm-up. */
const bounds = (connections = CONNECTIONS) => ({ seconds: DURATION, warmup: WARMUP, connections, maxRequests: MAX_REQUESTS, probe: '/healthz' });

interface Memory { hwm: number; rss: number; anon: number; file: number }
/** Memory of a process from /proc, in MB: peak RSS (VmHWM), RSS now, and RSS now split into anonymous and file-backed (mmap). */
function memoryOf(pid: number): Memory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) / 1024;
    return { hwm: kb('VmHWM'), rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile') };
  } catch {
    return null;
  }
}
/** The process and its worker processes (cluster). */
function familyOf(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return [pid, ...(children === '' ? [] : children.split(/\s+/).map(Number))];
  } catch {
    return [pid];
  }
}
/** The largest peak RSS among the family, in MB. */
const peakRss = (pid: number) => Math.max(...familyOf(pid).map((p) => memoryOf(p)?.hwm ?? 0));

interface Server { child: ChildProcess; port: number; startupMs: number }
async function startApi(workers: number): Promise<Server> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [projectPath('dist', 'cli.js'), 'serve'], {
    cwd: projectPath(),
    stdio: ['ignore', 'inherit', 'inherit'],
    env: apiEnvironment(DB, port, workers),
  });
  const startupMs = await firstAnswer(`http://127.0.0.1:${port}/v1/claims?limit=1`, started, child);
  return { child, port, startupMs };
}

async function startMinimal(requests: Record<string, Recorded[][]>): Promise<Server & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'whosaid-bench-'));
  const spec = join(dir, 'spec.json');
  writeFileSync(spec, JSON.stringify({ db: DB, requests }));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', projectPath('bench', 'minimal-server.ts'), spec, String(port)], {
    cwd: projectPath(), stdio: ['ignore', 'inherit', 'inherit'],
  });
  const first = Object.keys(requests)[0] as string;
  const startupMs = await firstAnswer(`http://127.0.0.1:${port}/r/${first}/0`, started, child);
  return { child, port, startupMs, dir };
}

/** The first day from which on about `n` claims were said: a said_from filter that selects that many. */
function exportFrom(n: number): string {
  const row = ro.prepare('SELECT said_on_lo AS d FROM claims WHERE said_on_lo IS NOT NULL ORDER BY said_on_lo DESC LIMIT 1 OFFSET ?').get(n - 1) as { d: string } | undefined;
  return row?.d ?? '0001-01-01';
}

/** One streamed CSV export (every claim, or those said from `from` on): its time, size and rows, with the server's memory sampled every 100 ms. */
async function csvExport(server: Server, from: string | null, timeoutMs: number) {
  const family = familyOf(server.child.pid as number);
  let peak: Memory = { hwm: 0, rss: 0, anon: 0, file: 0 };
  const sampler = setInterval(() => {
    for (const pid of family) {
      const m = memoryOf(pid);
      if (m && m.rss > peak.rss) peak = m;
    }
  }, 100);
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${server.port}/v1/claims?${query(from === null ? { format: 'csv' } : { format: 'csv', said_from: from, sort: 'said_on' })}`,
    { signal: AbortSignal.timeout(timeoutMs) });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { status: response.status, seconds, rows: lines - 1, mb: bytes / 1024 / 1024, peak, hwm: peakRss(server.child.pid as number) };
}

// ---------------------------------------------------------------------------------------------------------------
// The run.

type Contender = 'raw' | 'minimal' | 'api' | 'scaledApi';
/** A scenario's figures: each contender's median round (by req/s), and every round's. */
interface Row { scenario: Scenario; api: Stats; scaledApi?: Stats; raw?: Stats; minimal?: Stats; rounds: Partial<Record<Contender, Stats[]>> }
const rows: Row[] = scenarios.map((scenario) => ({ scenario, api: { rps: 0, p50: 0, p99: 0, requests: 0, errors: 0 }, rounds: {} }));
/** The median item of a list by `value` (the lower of the middle two for an even count); undefined for none. */
const median = <T>(list: T[] | undefined, value: (item: T) => number): T | undefined =>
  (list === undefined ? undefined : [...list].sort((a, b) => value(a) - value(b))[Math.floor((list.length - 1) / 2)]);
/** Each round's req/s of a ÷ b's in the same round; undefined when either was not measured. */
function roundRatios(row: Row, a: Contender, b: Contender): number[] | undefined {
  const x = row.rounds[a];
  const y = row.rounds[b];
  return x === undefined || y === undefined || x.length !== y.length ? undefined : x.map((stats, i) => stats.rps / (y[i] as Stats).rps);
}
const f0 = (n: number | undefined) => (n === undefined ? '' : n.toFixed(0));
const extra: Record<string, unknown> = {};

if (!args['no-build']) {
  log('building (npm run build)…');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: projectPath(), stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
}

// The scenarios with baselines are measured in rounds: in each, every contender in turn (the raw loop, the minimal
// server, the API with one worker and with every worker), the order rotating from round to round, so that a slower
// minute of the shared machine falls on all of them alike. A ratio is the median of the rounds' ratios.
const baselined = rows.filter((r) => r.scenario.baseline);
log('API, one worker…');
const api = await startApi(1);
extra.startupMs = api.startupMs;
let minimal: (Server & { dir: string }) | undefined;
let scaled: Server | undefined;
try {
  if (baselined.length > 0) {
    log('minimal Fastify…');
    minimal = await startMinimal(Object.fromEntries(baselined.map((r) => [r.scenario.key, r.scenario.baseline as Recorded[][]])));
  }
  if (WORKERS > 1) {
    log(`API, ${WORKERS} workers…`);
    scaled = await startApi(WORKERS);
    extra.startupMsScaled = scaled.startupMs;
  }
  const contenders: { name: Contender; measure: (row: Row) => Promise<Stats> | Stats | undefined }[] = [
    { name: 'raw', measure: (row) => rawLoop(row.scenario.baseline as Recorded[][], Math.min(DURATION, 5)) },
    { name: 'minimal', measure: (row) => minimal && measure(minimal.port, (row.scenario.baseline as Recorded[][]).map((_, i) => `/r/${row.scenario.key}/${i}`), bounds()) },
    { name: 'api', measure: (row) => measure(api.port, row.scenario.paths, bounds()) },
    { name: 'scaledApi', measure: (row) => (scaled && row.scenario.scaled ? measure(scaled.port, row.scenario.paths, bounds()) : undefined) },
  ];
  for (let round = 0; round < ROUNDS && baselined.length > 0; round++) {
    log(`round ${round + 1} of ${ROUNDS}, ${DURATION} s per scenario and contender…`);
    for (const row of baselined) {
      for (let i = 0; i < contenders.length; i++) {
        const contender = contenders[(i + round) % contenders.length] as (typeof contenders)[number];
        const stats = await contender.measure(row);
        if (stats !== undefined) (row.rounds[contender.name] ??= []).push(stats);
      }
      log(`  ${row.scenario.key}: ${contenders.map(({ name }) => `${name} ${f0(row.rounds[name]?.at(-1)?.rps)}`).join(', ')} req/s`);
    }
  }
  for (const row of baselined) {
    const byRate = (stats: Stats) => stats.rps;
    row.raw = median(row.rounds.raw, byRate);
    row.minimal = median(row.rounds.minimal, byRate);
    row.api = median(row.rounds.api, byRate) as Stats;
    row.scaledApi = median(row.rounds.scaledApi, byRate);
  }

  log('API, one worker, the other scenarios…');
  for (const row of rows.filter((r) => !r.scenario.baseline)) {
    row.api = await measure(api.port, row.scenario.paths, bounds());
    log(`  ${row.scenario.key}: ${row.api.rps.toFixed(0)} req/s, p99 ${row.api.p99} ms`);
  }
  if (ONLY === null || ONLY.has('under-load')) {
    const byId = claimIds.map((id) => `/v1/claims/${id}`);
    const commonPaths = common.map((q) => `/v1/claims?${query({ q, limit: LIMIT })}`);
    const alone = await measure(api.port, byId, bounds(1));
    const [heavy, cheap] = await Promise.all([load(api.port, commonPaths, bounds()), load(api.port, byId, bounds(1))]);
    extra.underLoad1 = { alone, heavy, cheap };
    log(`  claim by id (1 connection) alone p99 ${alone.p99} ms; during common-word search p99 ${cheap.p99} ms`);
    if (scaled) {
      const [heavyScaled, cheapScaled] = await Promise.all([load(scaled.port, commonPaths, bounds()), load(scaled.port, byId, bounds(1))]);
      extra.underLoadScaled = { heavy: heavyScaled, cheap: cheapScaled };
      log(`  claim by id during common-word search, ${WORKERS} workers: p99 ${cheapScaled.p99} ms`);
    }
  }
  if (ONLY === null || ONLY.has('csv')) {
    extra.csv = await csvExport(api, exportFrom(Math.min(100_000, Math.round(maxSeq / 10))), 600_000);
    log(`  CSV export of about 100,000 claims: ${JSON.stringify(extra.csv)}`);
  }
  extra.peakRss1 = peakRss(api.child.pid as number);
  if (scaled) extra.peakRssScaled = peakRss(scaled.child.pid as number);
} finally {
  for (const server of [minimal, scaled, api]) if (server) await stop(server.child);
  if (minimal) rmSync(minimal.dir, { recursive: true, force: true });
}

if (args['export-all']) {
  log('CSV export of every claim, fresh server, one worker…');
  const fresh = await startApi(1);
  try {
    extra.csvAll = await csvExport(fresh, null, 1_800_000);
    log(`  ${JSON.stringify(extra.csvAll)}`);
  } finally {
    await stop(fresh.child);
  }
}

if (INGEST > 0) {
  log(`ingest: ${INGEST} claims…`);
  extra.ingest = await ingest(INGEST);
  log(`  ${JSON.stringify(extra.ingest)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The table.

const f1 = (n: number | undefined) => (n === undefined ? '' : n < 10 ? n.toFixed(2) : n.toFixed(1));
/** A row's ratio of two contenders: the median of its rounds' ratios. */
const ratio = (row: Row, a: Contender, b: Contender) => median(roundRatios(row, a, b), (r) => r)?.toFixed(2) ?? '';
const table: string[][] = [['scenario', 'workers', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'raw req/s', '÷ raw', 'minimal req/s', '÷ minimal']];
for (const row of rows) {
  const { scenario: s, api: a, raw, minimal } = row;
  table.push([s.label, '1', f0(a.rps), f1(a.p50), f1(a.p99), String(a.errors), f0(raw?.rps), ratio(row, 'api', 'raw'), f0(minimal?.rps), ratio(row, 'api', 'minimal')]);
  const b = row.scaledApi;
  if (b) table.push(['', String(WORKERS), f0(b.rps), f1(b.p50), f1(b.p99), String(b.errors), '', ratio(row, 'scaledApi', 'raw'), '', ratio(row, 'scaledApi', 'minimal')]);
}
const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
const line = (r: string[]) => `| ${r.map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ')} |`;
const out = [line(table[0] as string[]), `|${widths.map((w, i) => (i < 2 ? `-${'-'.repeat(w)}-` : `-${'-'.repeat(w)}:`)).join('|')}|`, ...table.slice(1).map(line)];

const mem = (m: { hwm: number } | undefined) => (m === undefined ? '' : `${m.hwm.toFixed(0)} MB`);
type Load = { alone?: Stats; heavy: Stats; cheap: Stats };
const u1 = extra.underLoad1 as Load | undefined;
const u2 = extra.underLoadScaled as Load | undefined;
type Export = { status: number; seconds: number; rows: number; mb: number; peak: Memory; hwm: number };
const describeExport = (e: Export | undefined) => (e === undefined ? 'not run'
  : `${e.rows.toLocaleString('en')} rows, ${e.mb.toFixed(0)} MB in ${e.seconds.toFixed(1)} s (${Math.round(e.rows / e.seconds).toLocaleString('en')} rows/s), `
    + `status ${e.status}; server RSS during it at most ${e.peak.rss.toFixed(0)} MB (${e.peak.anon.toFixed(0)} MB anonymous, ${e.peak.file.toFixed(0)} MB file-backed), peak RSS of the process ${e.hwm.toFixed(0)} MB`);
const perRound = (a: Contender, b: Contender) => rows.flatMap((r) => {
  const ratios = roundRatios(r, a, b);
  return ratios === undefined ? [] : [`${r.scenario.key} ${ratios.map((x) => x.toFixed(2)).join(' / ')}`];
}).join('; ');
out.push(
  '',
  `- each round's ratio (${ROUNDS} rounds; the table shows their median): API ÷ minimal, 1 worker: ${perRound('api', 'minimal')}`
    + (WORKERS > 1 ? `; ${WORKERS} workers ÷ minimal: ${perRound('scaledApi', 'minimal')}` : ''),
  `- start-up to the first answered request (GET /v1/claims?limit=1): ${f0(extra.startupMs as number)} ms with 1 worker`
    + (extra.startupMsScaled === undefined ? '' : `, ${f0(extra.startupMsScaled as number)} ms with ${WORKERS}`),
  `- peak RSS of the server (VmHWM, largest process): ${mem(extra.peakRss1 === undefined ? undefined : { hwm: extra.peakRss1 as number })} with 1 worker`
    + (extra.peakRssScaled === undefined ? '' : `, ${mem({ hwm: extra.peakRssScaled as number })} per process with ${WORKERS}`),
  u1 === undefined ? '- cheap request under load: not run'
    : `- claim by id on 1 connection while ${CONNECTIONS} connections search common words: p99 ${f1(u1.cheap.p99)} ms (alone ${f1(u1.alone?.p99)} ms), `
      + `common-word search then ${f0(u1.heavy.rps)} req/s p99 ${f1(u1.heavy.p99)} ms` + (u2 === undefined ? ''
      : `; with ${WORKERS} workers p99 ${f1(u2.cheap.p99)} ms, search ${f0(u2.heavy.rps)} req/s p99 ${f1(u2.heavy.p99)} ms`),
  `- CSV export of the claims said in the last years (said_from=…): ${describeExport(extra.csv as Export | undefined)}`,
  `- CSV export, every claim: ${describeExport(extra.csvAll as Export | undefined)}`,
  describeIngest(extra.ingest as IngestResult | undefined),
);

const claimsCount = (ro.prepare('SELECT count(*) AS n FROM claims').get() as { n: number }).n;
const header = `${claimsCount.toLocaleString('en')} claims; ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per scenario, ${ROUNDS} rounds, page size ${LIMIT}; `
  + `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 1024 ** 3).toFixed(0)} GB, Node ${process.version}; `
  + `load average ${loadAtStart} at the start, ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`;
process.stdout.write(`\n${header}\n\n${out.join('\n')}\n`);
const resultsFile = args.out ?? projectPath('bench', 'data', `results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
mkdirSync(projectPath('bench', 'data'), { recursive: true });
writeFileSync(resultsFile, `${JSON.stringify({ header, rows: rows.map((r) => ({ ...r, scenario: r.scenario.key })), extra, table: out }, null, 2)}\n`);
log(`results written to ${resultsFile}`);
ro.close();
