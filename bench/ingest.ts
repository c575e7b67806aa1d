// Ingest benchmark: importNdjson (atomic) of n claims into a new file, against a prepared-statement loop
// that inserts the very rows the import wrote (read back from it), the claims' stored documents included, into
// another new file, foreign keys and FTS triggers on. Part of bench/run.ts (--ingest N, or --ingest-only to run nothing else).
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/client.js';
import { importNdjson, splitLines } from '../src/interchange/import.js';
import { prng } from './prng.js';

export interface IngestResult {
  claims: number; failed: number; importSeconds: number; importRate: number; rawRows: number;
  copied: number; rawSeconds: number; rawRate: number; ratio: number;
  /** The same ratio from CPU time (user + system) of each phase: steadier than wall time on a shared machine. */
  cpuRatio: number;
}

/** CPU seconds (user + system) of this process since `from`. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
};

/** NDJSON of `n` claims (and their topics, actors and articles), each claim quoting a sentence of its article. */
function ingestFile(n: number, file: string): void {
  const r = prng(11);
  const WORDS = ['nato', 'security', 'border', 'treaty', 'energy', 'budget', 'reform', 'election', 'trade', 'climate'];
  /** Seeded by its place, so that the claim quotes exactly what its article's body holds. */
  const sentence = (a: number, i: number) => {
    const w = prng(a * 7919 + i + 1);
    return `Statement ${a}-${i}: ${Array.from({ length: 12 }, () => WORDS[Math.floor(w() * WORDS.length)]).join(' ')}.`;
  };
  const articles = Math.max(1, Math.round(n / 5));
  const actors = Math.max(1, Math.round(n / 20));
  const lines: string[] = [];
  for (let t = 0; t < 50; t++) lines.push(JSON.stringify({ type: 'topic', slug: `topic-${t}`, name: `Topic ${t}` }));
  for (let i = 0; i < actors; i++) lines.push(JSON.stringify({ type: 'actor', name: `Speaker ${i}`, kind: 'person', aliases: [`S. ${i}`] }));
  for (let a = 0; a < articles; a++) {
    const body = Array.from({ length: Math.ceil(n / articles) + 2 }, (_, i) => sentence(a, i)).join(' ');
    lines.push(JSON.stringify({ type: 'article', url: `https://ingest.example.com/${a}`, title: `Story ${a}`, outlet: 'Ingest', published_at: `20${10 + (a % 12)}-03-0${1 + (a % 9)}`, language: 'en', body }));
  }
  for (let i = 0; i < n; i++) {
    const a = i % articles;
    const quote = sentence(a, Math.floor(i / articles));
    lines.push(JSON.stringify({
      type: 'claim', speaker: `Speaker ${Math.floor(actors * r() ** 2)}`, kind: 'direct_quote', text: quote, said_on: `20${10 + (a % 12)}`,
      topics: [{ topic: `topic-${Math.floor(r() * 50)}`, stance: 'supports' }], sources: [{ article: `https://ingest.example.com/${a}`, quote, cue: 'said' }],
    }));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** Tables in an order that satisfies their foreign keys. */
const TABLES = ['topics', 'actors', 'actor_aliases', 'actor_roles', 'articles', 'claims', 'claim_sources', 'claim_topics', 'claim_addressees',
  'claim_objects', 'fact_checks', 'positions', 'position_evidence', 'revisions', 'api_keys'];

export async function ingest(n: number): Promise<IngestResult> {
  const dir = mkdtempSync(join(tmpdir(), 'whosaid-ingest-'));
  try {
    const file = join(dir, 'ingest.ndjson');
    ingestFile(n, file);
    const imported = openDatabase(join(dir, 'imported.db'));
    let started = performance.now();
    let cpu = process.cpuUsage();
    const report = await importNdjson(imported, splitLines(createReadStream(file)), { mode: 'atomic', dryRun: false, format: 'whosaid', by: null });
    const importSeconds = (performance.now() - started) / 1000;
    const importCpu = cpuSince(cpu);
    const claims = report.by_type.claim.created;

    // The same rows, read back, inserted by a prepared-statement loop in one transaction (FTS triggers and foreign keys on).
    const raw = openDatabase(join(dir, 'raw.db'));
    const rows = TABLES.map((table) => ({ table, rows: imported.$client.prepare(`SELECT * FROM ${table}`).raw().all() as unknown[][] }));
    const documents = imported.$client.prepare('SELECT claim_seq, body FROM claim_documents').raw().all() as [number, string | null][];
    const columns = (table: string) => (imported.$client.prepare(`SELECT * FROM ${table} LIMIT 0`).columns().map((c) => `"${c.name}"`));
    started = performance.now();
    cpu = process.cpuUsage();
    raw.$client.transaction(() => {
      for (const { table, rows: list } of rows) {
        const names = columns(table);
        const insert = raw.$client.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
        for (const row of list) insert.run(...row);
      }
      // Each claim's stored document, as the import left it: the claim's triggers made its row, stale, so it is filled in.
      const store = raw.$client.prepare('UPDATE claim_documents SET body = ? WHERE claim_seq = ?');
      for (const [seq, body] of documents) store.run(body, seq);
    })();
    const rawSeconds = (performance.now() - started) / 1000;
    const rawCpu = cpuSince(cpu);
    const copied = (raw.$client.prepare('SELECT count(*) AS n FROM claims').get() as { n: number }).n;
    imported.$client.close();
    raw.$client.close();
    return {
      claims, failed: report.failed, importSeconds, importRate: claims / importSeconds, rawRows: rows.reduce((sum, t) => sum + t.rows.length, documents.length),
      copied, rawSeconds, rawRate: copied / rawSeconds, ratio: claims / importSeconds / (copied / rawSeconds),
      cpuRatio: claims / importCpu / (copied / rawCpu),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The result as one line of the run's summary. */
export function describeIngest(g: IngestResult | undefined): string {
  return g === undefined ? '- ingest: not run'
    : `- ingest of ${g.claims.toLocaleString('en')} claims (importNdjson, atomic): ${g.importRate.toFixed(0)} claims/s; a raw better-sqlite3 insert loop of `
      + `the same ${g.rawRows.toLocaleString('en')} rows into the same schema: ${g.rawRate.toFixed(0)} claims/s; ratio ${g.ratio.toFixed(3)} (by CPU time ${g.cpuRatio.toFixed(3)})${g.failed > 0 ? ` (${g.failed} lines FAILED)` : ''}`;
}
