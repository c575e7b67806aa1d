// Synthetic data for the benchmarks: a deterministic database at a chosen scale, written through the project's migrations.
// Run: npm run bench:generate -- [--claims N] [--out FILE] [--seed N]   (default 1,000,000 claims into bench/data/)
//
// Shape (scaled from --claims): claims/5 articles with 1-2 KB bodies quoting their claims, claims/50 actors with aliases,
// roles and a Zipf-like spread of claims per speaker, 500 topics in two levels, 1 to 3 topics per claim with a stance
// that mostly follows the speaker, positions, addressees, objects and fact-checks; dates over 25 years (2000-2024).
// Claim words come in tiers, so that full-text searches of a chosen size exist: function words (in most claims),
// COMMON words (tens of thousands of claims each at 1M), filler words (~1,000 each) and topical words (a few hundred each).
// The words are written to FILE.meta.json for bench/run.ts.
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/client.js';
import { fold, textKey } from '../src/domain/text.js';
import { projectPath } from '../src/paths.js';
import { renderStaleDocuments } from '../src/repositories/claim-documents.js';
import { prng } from './prng.js';

const { values: args } = parseArgs({
  options: {
    claims: { type: 'string', default: '1000000' },
    out: { type: 'string' },
    seed: { type: 'string', default: '20240601' },
    force: { type: 'boolean', default: false },
  },
});
const CLAIMS = Number(args.claims);
if (!Number.isInteger(CLAIMS) || CLAIMS < 100) throw new Error('--claims takes an integer of at least 100');
const SEED = Number(args.seed);
const OUT = args.out ?? projectPath('bench', 'data', `claims-${CLAIMS}.db`);
const ARTICLES = Math.max(20, Math.round(CLAIMS / 5));
const ACTORS = Math.max(20, Math.round(CLAIMS / 50));
const TOPICS = 500;
const DAYS = 9131; // 2000-01-01 .. 2024-12-31
const EPOCH = Date.UTC(2000, 0, 1);

/** What bench/run.ts reads from FILE.meta.json. */
interface BenchMeta {
  seed: number;
  claims: number;
  articles: number;
  actors: number;
  topics: number;
  commonWords: string[];
  topicalWords: string[];
}

const r = prng(SEED);
const int = (n: number) => Math.floor(r() * n);
const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
/** Zipf-like rank in [0, n): P(k) ~ 1/(k+1), by inverting the continuous CDF of 1/x on [1, n+1]. */
const zipf = (n: number) => Math.min(n - 1, Math.floor(Math.exp(r() * Math.log(n + 1))) - 1);

// Ids in the project's format (prefix + ULID): 10 characters of time, then 16 that hold a counter, so they are unique.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function base32(value: number, length: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < length; i++) {
    out = CROCKFORD[v % 32] + out;
    v = Math.floor(v / 32);
  }
  return out;
}
const makeId = (prefix: string, ms: number, n: number) => `${prefix}_${base32(ms, 10)}${base32(n, 16)}`;
const day = (offset: number) => new Date(EPOCH + offset * 86_400_000).toISOString().slice(0, 10);
const monthEnd = (d: string) => new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 0)).toISOString().slice(0, 10);

// Pseudo-words from syllables: pronounceable, unique, and never an English word the other tiers use.
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'zi', 'be', 'do', 'fu', 'ga', 'hi', 'jo', 'pe', 'sa', 'ti', 'wu', 'xe', 'yo', 'qu', 'ri', 'no', 'mu'];
function pseudoWords(count: number, syllables: number, salt: number): string[] {
  const out = new Set<string>();
  for (let i = 0; out.size < count; i++) {
    let n = i * 7919 + salt;
    let word = '';
    for (let s = 0; s < syllables; s++) {
      word += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length) + s * 13;
    }
    out.add(`${word}${syllables > 3 ? 'n' : 'r'}`);
  }
  return [...out];
}

const FUNCTION_WORDS = ('the we will not is that to and of a in this our for it be are with on have has they must there our '
  + 'no yes can should would more than all who what').split(' ');
const COMMON_WORDS = ('government people country security economy war peace president minister people freedom future '
  + 'election energy crisis budget reform market border health education taxes jobs climate justice trade military '
  + 'sanctions agreement parliament opposition corruption inflation pension migration democracy police court media '
  + 'alliance europe region growth investment prices workers families children schools hospitals water farmers '
  + 'industry technology banks debt citizens rights').split(' ').filter((w, i, all) => all.indexOf(w) === i);
const FILLER_WORDS = pseudoWords(2000, 3, 11);
const TOPICAL_PER_TOPIC = 12;
const TOPICAL_WORDS = pseudoWords(TOPICS * TOPICAL_PER_TOPIC, 4, 5);
const FIRST_NAMES = pseudoWords(250, 2, 3).map((w) => w.charAt(0).toUpperCase() + w.slice(1, -1) + 'a');
const LAST_NAMES = pseudoWords(400, 3, 7).map((w) => w.charAt(0).toUpperCase() + w.slice(1) + 'ov');
const STANCES = ['supports', 'opposes', 'neutral', 'mixed'] as const;
const KINDS = ['direct_quote', 'direct_quote', 'direct_quote', 'direct_quote', 'indirect_quote', 'indirect_quote', 'indirect_quote',
  'paraphrase', 'paraphrase', 'written_statement'] as const;
const LANGUAGES = ['en', 'en', 'en', 'en', 'en', 'en', 'en', 'de', 'fr', 'es'] as const;
const CUES = ['said', 'told reporters', 'wrote', 'declared', 'argued', 'insisted', 'warned'];

/** A claim's text: function, common, filler and topical words in a random order, 12 to 25 words. */
function claimText(topical: string[]): string {
  const words: string[] = [];
  const n = 12 + int(14);
  for (let i = 0; i < 5 + int(5); i++) words.push(pick(FUNCTION_WORDS));
  for (let i = 0; i < 2; i++) words.push(pick(COMMON_WORDS));
  words.push(...topical);
  while (words.length < n) words.push(pick(FILLER_WORDS));
  for (let i = words.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [words[i], words[j]] = [words[j] as string, words[i] as string];
  }
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function fillerSentence(): string {
  const words = Array.from({ length: 8 + int(12) }, () => (r() < 0.5 ? pick(FUNCTION_WORDS) : r() < 0.3 ? pick(COMMON_WORDS) : pick(FILLER_WORDS)));
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

if (existsSync(OUT)) {
  if (!args.force) throw new Error(`${OUT} exists; remove it or pass --force`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${OUT}${suffix}`, { force: true });
}

const started = performance.now();
const db = openDatabase(OUT); // the project's migrations, FTS table and triggers included
const sqlite = db.$client;
// A throwaway bulk load: no journal, no fsync, a large cache so index pages stay in memory, foreign keys checked at the end.
sqlite.pragma('journal_mode = DELETE'); // WAL cannot go straight to OFF
sqlite.pragma('journal_mode = OFF');
sqlite.pragma('synchronous = OFF');
sqlite.pragma('cache_size = -2000000');
sqlite.pragma('temp_store = MEMORY');
sqlite.pragma('foreign_keys = OFF');

// The FTS triggers index one row at a time; the index is built in one pass at the end instead, and the triggers
// are recreated from their exact definitions (as migrations/0001_claims_fts.sql made them).
const triggers = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims' AND name LIKE 'claims_fts_%'").all() as { name: string; sql: string }[];
if (triggers.length !== 3) throw new Error(`expected the three claims_fts triggers, found ${triggers.length}`);
for (const t of triggers) sqlite.exec(`DROP TRIGGER ${t.name}`);
// The triggers that mark claim documents stale would upsert a row per inserted row: the documents are rendered in one
// pass at the end instead, then these triggers too are recreated as they were.
const documentTriggers = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'claim_documents_%'").all() as { name: string; sql: string }[];
if (documentTriggers.length === 0) throw new Error('expected the claim_documents triggers');
for (const t of documentTriggers) sqlite.exec(`DROP TRIGGER ${t.name}`);

const NOW = '2025-01-01T00:00:00.000Z';
const insert = {
  topic: sqlite.prepare('INSERT INTO topics (id, slug, name, description, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
  actor: sqlite.prepare('INSERT INTO actors (id, name, name_key, kind, description, wikidata_id, country, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
  alias: sqlite.prepare('INSERT OR IGNORE INTO actor_aliases (actor_id, alias, alias_key, position) VALUES (?, ?, ?, ?)'),
  role: sqlite.prepare(`INSERT INTO actor_roles (actor_id, title, organization_id, start, start_precision, start_lo, start_hi, "end", end_precision, end_lo, end_hi, position)
    VALUES (?, ?, ?, ?, 'year', ?, ?, ?, ?, ?, ?, ?)`),
  article: sqlite.prepare(`INSERT INTO articles (id, url, title, outlet, outlet_domain, authors, published_at, published_on, language, body, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  claim: sqlite.prepare(`INSERT INTO claims (id, actor_id, text, text_key, kind, said_on, said_on_precision, said_on_lo, said_on_hi, speaker_role,
    language, status, origin, confidence, first_published_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import', ?, ?, ?, ?)`),
  source: sqlite.prepare('INSERT INTO claim_sources (claim_id, article_id, quote, start, "end", cue, verbatim, position) VALUES (?, ?, ?, ?, ?, ?, 1, 0)'),
  claimTopic: sqlite.prepare('INSERT INTO claim_topics (claim_id, topic_id, stance, position) VALUES (?, ?, ?, ?)'),
  addressee: sqlite.prepare('INSERT INTO claim_addressees (claim_id, actor_id, position) VALUES (?, ?, 0)'),
  object: sqlite.prepare('INSERT INTO claim_objects (claim_id, actor_id, position) VALUES (?, ?, 0)'),
  factCheck: sqlite.prepare(`INSERT INTO fact_checks (id, claim_id, publisher, url, rating, rating_key, rating_value, best_rating, worst_rating, reviewed_on, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, 5, 1, ?, ?)`),
  position: sqlite.prepare(`INSERT INTO positions (id, actor_id, topic_id, stance, summary, valid_from, valid_from_precision, valid_from_lo, valid_from_hi, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, 'day', ?, ?, ?, ?)`),
};

// Topics: 50 roots, the rest children of a root; popularity is skewed towards low indexes.
const topicIds = Array.from({ length: TOPICS }, (_, i) => makeId('top', EPOCH, i + 1));
sqlite.transaction(() => {
  topicIds.forEach((id, i) => {
    const words = TOPICAL_WORDS.slice(i * TOPICAL_PER_TOPIC, i * TOPICAL_PER_TOPIC + 2).join(' ');
    insert.topic.run(id, `topic-${i}-${words.replace(' ', '-')}`, `Topic ${i}: ${words}`, null, i < 50 ? null : topicIds[i % 50], NOW, NOW);
  });
})();
const topicRank = () => Math.min(TOPICS - 1, Math.floor(TOPICS * r() ** 1.6));

// Actors: names unique (a bijection onto first x last name pairs), kinds, aliases, roles, a few home topics each.
const ORG_EVERY = 8;
interface ActorInfo { id: string; home: number[]; stanceSeed: number; person: boolean }
const actors: ActorInfo[] = [];
const pairs = FIRST_NAMES.length * LAST_NAMES.length;
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const step = gcd(7919, pairs) === 1 ? 7919 : 1;
const orgIds: string[] = [];
sqlite.transaction(() => {
  for (let i = 0; i < ACTORS; i++) {
    const id = makeId('act', EPOCH + i * 1000, i + 1);
    const person = i % ORG_EVERY !== 0;
    const j = (i * step) % pairs;
    const first = FIRST_NAMES[j % FIRST_NAMES.length] as string;
    const last = LAST_NAMES[Math.floor(j / FIRST_NAMES.length) % LAST_NAMES.length] as string;
    const name = person ? `${first} ${last}` : `${last} ${pick(['Party', 'Ministry', 'Union', 'Institute', 'Council', 'Agency'])} ${i}`;
    const kind = person ? 'person' : pick(['organization', 'organization', 'organization', 'country', 'group', 'media']);
    insert.actor.run(id, name, fold(name), kind, r() < 0.2 ? `Synthetic ${kind} number ${i}.` : null, r() < 0.3 ? `Q${100000 + i}` : null,
      pick(['DE', 'FR', 'US', 'GB', 'PL', 'UA', 'RU', 'ES', 'IT', null]), NOW, NOW);
    const aliases = person
      ? [`${first.charAt(0)}. ${last}`, ...(r() < 0.4 ? [last] : [])]
      : [name.split(' ').map((w) => w.charAt(0)).join('').toUpperCase()];
    aliases.forEach((alias, k) => insert.alias.run(id, alias, fold(alias), k));
    if (!person) orgIds.push(id);
    if (person && orgIds.length > 0 && r() < 0.4) {
      for (let k = 0, n = 1 + int(2); k < n; k++) {
        const from = 2000 + int(22);
        const to = r() < 0.5 ? from + 1 + int(6) : null;
        insert.role.run(id, pick(['Minister', 'Spokesperson', 'Chair', 'Member of Parliament', 'Mayor', 'Adviser']), pick(orgIds),
          String(from), `${from}-01-01`, `${from}-12-31`, to === null ? null : String(to), to === null ? null : 'year',
          to === null ? null : `${to}-01-01`, to === null ? null : `${to}-12-31`, k);
      }
    }
    actors.push({ id, home: Array.from({ length: 3 + int(6) }, topicRank), stanceSeed: int(1 << 30), person });
  }
})();
// Speaker rank to actor: a bijection, so the busiest speakers are spread over the id space.
const actorStep = gcd(7919, ACTORS) === 1 ? 7919 : 1;
const speaker = () => actors[(zipf(ACTORS) * actorStep) % ACTORS] as ActorInfo;
/** The stance an actor mostly takes on a topic. */
const usualStance = (a: ActorInfo, topic: number) => STANCES[((a.stanceSeed ^ Math.imul(topic + 1, 2654435761)) >>> 0) % 4] as (typeof STANCES)[number];

// Positions: the 20% busiest speakers state a position on two of their home topics.
sqlite.transaction(() => {
  let n = 0;
  for (let rank = 0; rank < Math.ceil(ACTORS / 5); rank++) {
    const a = actors[(rank * actorStep) % ACTORS] as ActorInfo;
    for (const topic of new Set(a.home.slice(0, 2))) {
      const from = day(int(DAYS));
      insert.position.run(makeId('pos', EPOCH + n, ++n), a.id, topicIds[topic], usualStance(a, topic), null, from, from, from, NOW, NOW);
    }
  }
})();

// Articles, each with its claims: articles come in date order (more of them in later years), about five claims each.
const OUTLETS = Array.from({ length: 300 }, (_, i) => ({ name: `${pick(LAST_NAMES)} ${pick(['Times', 'Post', 'Herald', 'News', 'Daily', 'Courier'])} ${i}`, domain: `outlet${i}.example.com` }));
const RATINGS = [['False', 1], ['Mostly false', 2], ['Half true', 3], ['Mostly true', 4], ['True', 5]] as const;
const BATCH = 2000; // articles per transaction
let claimNo = 0;
let checkNo = 0;
const claimsPerArticle = (a: number) => Math.floor(((a + 1) * CLAIMS) / ARTICLES) - Math.floor((a * CLAIMS) / ARTICLES);
let lastReport = performance.now();

for (let batch = 0; batch < ARTICLES; batch += BATCH) {
  sqlite.transaction(() => {
    for (let a = batch; a < Math.min(ARTICLES, batch + BATCH); a++) {
      const offset = Math.min(DAYS - 1, Math.floor(DAYS * ((a + r()) / ARTICLES) ** (1 / 1.5)));
      const publishedOn = day(offset);
      const publishedMs = EPOCH + offset * 86_400_000 + int(86_400_000);
      const articleId = makeId('art', publishedMs, a + 1);
      const language = pick(LANGUAGES);
      const outlet = pick(OUTLETS);

      // The claims first: the body quotes them.
      const items = Array.from({ length: claimsPerArticle(a) }, () => {
        const who = speaker();
        const first = r() < 0.8 ? pick(who.home) : topicRank();
        const topics = [first];
        for (let k = 0, n = int(3); k < n; k++) {
          const t = r() < 0.6 ? pick(who.home) : topicRank();
          if (!topics.includes(t)) topics.push(t);
        }
        const topical = Array.from({ length: 1 + int(2) }, () => TOPICAL_WORDS[first * TOPICAL_PER_TOPIC + int(TOPICAL_PER_TOPIC)] as string);
        return { who, topics, text: claimText(topical), cue: pick(CUES) };
      });
      const parts: string[] = [];
      const spans: [number, number][] = [];
      let length = 0;
      const push = (text: string) => {
        parts.push(text);
        length += text.length + 1;
      };
      const target = 1000 + int(1000);
      for (const item of items) {
        push(fillerSentence());
        const lead = `${item.cue.charAt(0).toUpperCase()}${item.cue.slice(1)}:`;
        push(lead);
        spans.push([length, length + item.text.length]); // all ASCII: code units are code points
        push(item.text);
      }
      while (length < target) push(fillerSentence());
      const body = parts.join(' ');
      insert.article.run(articleId, `https://${outlet.domain}/${publishedOn.slice(0, 4)}/${publishedOn.slice(5, 7)}/story-${a}`,
        `${pick(COMMON_WORDS)} ${pick(FILLER_WORDS)} ${pick(COMMON_WORDS)}: story ${a}`, outlet.name, outlet.domain,
        JSON.stringify([`${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`]), new Date(publishedMs).toISOString(), publishedOn, language, body, NOW, NOW);

      items.forEach((item, k) => {
        claimNo += 1;
        const createdMs = publishedMs + k;
        const id = makeId('clm', createdMs, claimNo);
        const roll = r();
        const saidOffset = Math.max(0, offset - Math.floor(r() ** 2 * 4));
        const d = day(saidOffset);
        const [value, precision, lo, hi] = roll < 0.9 ? [d, 'day', d, d]
          : roll < 0.94 ? [d.slice(0, 7), 'month', `${d.slice(0, 7)}-01`, monthEnd(d)]
            : roll < 0.96 ? [d.slice(0, 4), 'year', `${d.slice(0, 4)}-01-01`, `${d.slice(0, 4)}-12-31`]
              : [null, null, null, null];
        const created = new Date(createdMs).toISOString();
        const status = r() < 0.85 ? 'unreviewed' : r() < 0.66 ? 'verified' : 'disputed';
        insert.claim.run(id, item.who.id, item.text, textKey(item.text), pick(KINDS), value, precision, lo, hi, null, language, status,
          r() < 0.5 ? null : Math.round(r() * 100) / 100, publishedOn, created, created);
        const [start, end] = spans[k] as [number, number];
        insert.source.run(id, articleId, item.text, start, end, item.cue);
        item.topics.forEach((t, position) => {
          const stance = r() < 0.8 ? usualStance(item.who, t) : pick(STANCES);
          insert.claimTopic.run(id, topicIds[t], stance, position);
        });
        if (r() < 0.15) {
          const other = speaker();
          if (other.id !== item.who.id) insert.addressee.run(id, other.id);
        }
        if (r() < 0.1) insert.object.run(id, speaker().id);
        if (r() < 0.005) {
          const [rating, value5] = pick(RATINGS);
          checkNo += 1;
          insert.factCheck.run(makeId('fcr', createdMs, checkNo), id, pick(['FactCheck.example', 'Verify.example', 'Truth.example']),
            `https://factcheck.example.org/${checkNo}`, rating, fold(rating), value5, day(Math.min(DAYS - 1, offset + 3)), created);
        }
      });
    }
  })();
  if (performance.now() - lastReport > 10_000) {
    lastReport = performance.now();
    process.stdout.write(`  ${claimNo.toLocaleString('en')} claims, ${Math.min(ARTICLES, batch + BATCH).toLocaleString('en')} articles, ${((lastReport - started) / 1000).toFixed(0)} s\n`);
  }
}
const loaded = performance.now();

// The full-text index in one pass, merged into one segment, then the triggers exactly as they were.
sqlite.exec("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')");
sqlite.exec("INSERT INTO claims_fts(claims_fts) VALUES ('optimize')");
for (const t of triggers) sqlite.exec(t.sql);
const indexed = performance.now();

// Every claim's document, rendered by the application's own SQL, then the triggers that keep them fresh.
sqlite.exec('INSERT INTO claim_documents (claim_seq, body) SELECT seq, NULL FROM claims');
while (renderStaleDocuments(db, 50_000) > 0);
// It also renders nothing when it cannot write (the file busy or read-only): no document may be left stale.
const stale = (sqlite.prepare('SELECT count(*) AS n FROM claim_documents WHERE body IS NULL').get() as { n: number }).n;
if (stale > 0) throw new Error(`${stale} claim document(s) left unrendered (body NULL): rendering stopped early; is the file busy or read-only?`);
for (const t of documentTriggers) sqlite.exec(t.sql);
const rendered = performance.now();

const broken = sqlite.pragma('foreign_key_check') as unknown[];
if (broken.length > 0) throw new Error(`${broken.length} broken foreign key reference(s), e.g. ${JSON.stringify(broken.slice(0, 3))}`);
sqlite.exec('ANALYZE');
sqlite.pragma('journal_mode = WAL');
sqlite.close();

const meta: BenchMeta = {
  seed: SEED, claims: claimNo, articles: ARTICLES, actors: ACTORS, topics: TOPICS, commonWords: COMMON_WORDS,
  topicalWords: TOPICAL_WORDS.slice(0, 2000),
};
writeFileSync(`${OUT}.meta.json`, `${JSON.stringify(meta, null, 2)}\n`);
const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
const size = statSync(OUT).size;
process.stdout.write(`generated ${OUT}: ${claimNo.toLocaleString('en')} claims, ${ARTICLES.toLocaleString('en')} articles, `
  + `${ACTORS.toLocaleString('en')} actors, ${TOPICS} topics, ${checkNo} fact-checks\n`
  + `rows ${seconds(started, loaded)}, full-text index ${seconds(loaded, indexed)}, claim documents ${seconds(indexed, rendered)}, `
  + `checks and ANALYZE ${seconds(rendered, performance.now())}; `
  + `total ${seconds(started, performance.now())}; file ${(size / 1024 / 1024).toFixed(0)} MB\n`);
