// Import benchmark: writes a deterministic NDJSON file (topics, actors, articles with bodies,
// claims quoting them), imports it into a fresh database file, then imports it again.
// Run: npx tsx bench/import.ts [--claims N]   (npm run bench:import -- --claims N)
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/client.js';
import { importNdjson, splitLines, type ImportReport } from '../src/interchange/import.js';
import { prng } from './prng.js';

const arg = process.argv.indexOf('--claims');
const CLAIMS = arg > 0 ? Number(process.argv[arg + 1]) : 100_000;
if (!Number.isInteger(CLAIMS) || CLAIMS < 1) throw new Error('--claims takes a positive integer');
const ACTORS = Math.max(10, Math.round(CLAIMS / 20));
const ARTICLES = Math.max(10, Math.round(CLAIMS / 5));
const TOPICS = 100;
/** Sentences per body: enough for every claim to quote its own sentence, plus some never quoted. */
const SENTENCES = Math.ceil(CLAIMS / ARTICLES) + 3;

const WORDS = ('nato security expansion border treaty sanctions troops dialogue threat guarantees energy gas missile talks alliance ' +
  'europe moscow washington kiev brussels minister president ceasefire negotiations deterrence escalation stability sovereignty ' +
  'partners pressure provocation exercises deployment agreement verification transparency response strategy').split(' ');

function sentence(article: number, index: number): string {
  const r = prng(article * 1009 + index * 7919 + 17);
  const words = Array.from({ length: 10 + Math.floor(r() * 8) }, () => WORDS[Math.floor(r() * WORDS.length)] as string);
  words.splice(3, 0, `no. ${article}-${index}`);
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

const url = (a: number) => `https://outlet${a % 200}.example.com/${2000 + (a % 25)}/story-${a}`;
const actorName = (i: number) => `Speaker ${i} ${['Ivanov', 'Smith', 'Dupont', 'Müller', 'García', 'Kowalski'][i % 6]}`;
const speakerRef = (i: number) => (i % 2 === 0 ? { wikidata_id: `Q${1000 + i}` } : actorName(i));

async function writeFile(path: string): Promise<number> {
  const out = createWriteStream(path);
  let lines = 0;
  const write = async (record: object) => {
    lines += 1;
    if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
  };
  for (let t = 0; t < TOPICS; t++) {
    await write({ type: 'topic', slug: `topic-${t}`, name: `Topic ${t}`, ...(t >= 10 ? { parent: `topic-${t % 10}` } : {}) });
  }
  for (let i = 0; i < ACTORS; i++) {
    await write({
      type: 'actor', name: actorName(i), kind: i % 7 === 0 ? 'organization' : 'person',
      ...(i % 2 === 0 ? { wikidata_id: `Q${1000 + i}` } : {}), ...(i % 3 === 0 ? { aliases: [`S. ${i}`] } : {}),
    });
  }
  for (let a = 0; a < ARTICLES; a++) {
    const body = Array.from({ length: SENTENCES }, (_, j) => sentence(a, j)).join(' ');
    await write({ type: 'article', url: url(a), title: `Story ${a}`, outlet: `Outlet ${a % 200}`, published_at: `20${10 + (a % 12)}-0${1 + (a % 9)}-1${a % 10}`, language: 'en', body });
  }
  const r = prng(42);
  for (let i = 0; i < CLAIMS; i++) {
    const article = i % ARTICLES;
    const quote = sentence(article, Math.floor(i / ARTICLES));
    const speaker = Math.min(ACTORS - 1, Math.floor(ACTORS * r() ** 2));
    await write({
      type: 'claim', speaker: speakerRef(speaker), kind: 'direct_quote', text: quote, said_on: `20${10 + (article % 12)}`,
      topics: [{ topic: `topic-${Math.floor(r() * TOPICS)}`, stance: ['supports', 'opposes', 'neutral', 'mixed'][i % 4] }],
      sources: [{ article: url(article), quote, cue: 'said' }],
    });
  }
  out.end();
  await once(out, 'finish');
  return lines;
}

async function timedImport(dbFile: string, file: string): Promise<{ report: ImportReport; seconds: number }> {
  const db = openDatabase(dbFile);
  const started = performance.now();
  const report = await importNdjson(db, splitLines(createReadStream(file)), { mode: 'atomic', dryRun: false, format: 'whosaid', by: null });
  const seconds = (performance.now() - started) / 1000;
  db.$client.close();
  return { report, seconds };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const dir = mkdtempSync(join(tmpdir(), 'whosaid-bench-'));
try {
  const file = join(dir, 'import.ndjson');
  const dbFile = join(dir, 'bench.db');
  const lines = await writeFile(file);
  console.log(`file: ${lines} lines (${TOPICS} topics, ${ACTORS} actors, ${ARTICLES} articles, ${CLAIMS} claims), ${mb(statSync(file).size)}`);

  const first = await timedImport(dbFile, file);
  const r1 = first.report;
  console.log(`import: ${r1.lines} lines in ${first.seconds.toFixed(1)} s = ${Math.round(r1.lines / first.seconds)} lines/s, ` +
    `${Math.round(r1.by_type.claim.created / first.seconds)} claims/s; created ${r1.created}, failed ${r1.failed}, committed ${r1.committed}`);
  console.log(`peak RSS so far: ${mb(process.resourceUsage().maxRSS * 1024)}; database ${mb(statSync(dbFile).size)}`);

  const second = await timedImport(dbFile, file);
  const r2 = second.report;
  const same = r2.created === 0 && r2.updated === 0 && r2.failed === 0 && r2.unchanged === r1.created;
  console.log(`re-import: ${r2.lines} lines in ${second.seconds.toFixed(1)} s = ${Math.round(r2.lines / second.seconds)} lines/s; ` +
    `unchanged ${r2.unchanged}, created ${r2.created}, updated ${r2.updated}, failed ${r2.failed}: ${same ? 'everything unchanged' : 'NOT IDEMPOTENT'}`);
  console.log(`peak RSS: ${mb(process.resourceUsage().maxRSS * 1024)}`);
  if (!same || r1.failed > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
