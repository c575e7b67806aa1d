// A deterministic synthetic data set written straight into the tables, for query-plan tests.
import type { Db } from '../../src/db/client.js';
import { prng } from '../../bench/prng.js';

const id = (prefix: string, n: number) => `${prefix}_${String(n).padStart(26, '0')}`;
const WORDS = ['nato', 'security', 'expansion', 'border', 'treaty', 'sanctions', 'troops', 'dialogue', 'threat', 'guarantees', 'energy', 'gas', 'missile', 'talks', 'alliance'];

export interface SyntheticSize { actors: number; articles: number; topics: number; claims: number }

/** Fills an empty migrated database; speakers follow a Zipf-like spread, dates span 25 years. */
export function fillSynthetic(db: Db, size: SyntheticSize, seed = 42): { actorIds: string[]; topicIds: string[]; articleIds: string[] } {
  const r = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const sqlite = db.$client;
  const now = '2026-01-01T00:00:00.000Z';
  const actorIds = Array.from({ length: size.actors }, (_, i) => id('act', i + 1));
  const topicIds = Array.from({ length: size.topics }, (_, i) => id('top', i + 1));
  const articleIds = Array.from({ length: size.articles }, (_, i) => id('art', i + 1));
  const day = (offset: number) => new Date(Date.UTC(2000, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
  sqlite.transaction(() => {
    const actor = sqlite.prepare('INSERT INTO actors (id, name, name_key, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    actorIds.forEach((a, i) => actor.run(a, `Actor ${i}`, `actor ${i}`, i % 5 === 0 ? 'organization' : 'person', now, now));
    const topic = sqlite.prepare('INSERT INTO topics (id, slug, name, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    topicIds.forEach((t, i) => topic.run(t, `topic-${i}`, `Topic ${i}`, i >= 5 ? topicIds[i % 5] : null, now, now));
    const article = sqlite.prepare('INSERT INTO articles (id, title, outlet, published_at, published_on, language, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    articleIds.forEach((a, i) => {
      const d = day(Math.floor(r() * 9131));
      article.run(a, `Article ${i}`, `Outlet ${i % 40}`, d, d, i % 4 === 0 ? 'es' : 'en', now, now);
    });
    const claim = sqlite.prepare(`INSERT INTO claims (id, actor_id, text, kind, said_on, said_on_precision, said_on_lo, said_on_hi, status, language, first_published_on, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const source = sqlite.prepare('INSERT INTO claim_sources (claim_id, article_id, quote, position) VALUES (?, ?, ?, ?)');
    const claimTopic = sqlite.prepare('INSERT OR IGNORE INTO claim_topics (claim_id, topic_id, stance, position) VALUES (?, ?, ?, ?)');
    const addressee = sqlite.prepare('INSERT OR IGNORE INTO claim_addressees (claim_id, actor_id, position) VALUES (?, ?, 0)');
    for (let i = 0; i < size.claims; i++) {
      const c = id('clm', i + 1);
      const speaker = actorIds[Math.min(actorIds.length - 1, Math.floor(actorIds.length * r() ** 3))] as string;
      const offset = Math.floor(r() * 9131);
      const precision = r() < 0.85 ? 'day' : r() < 0.6 ? 'month' : 'year';
      const d = day(offset);
      const [lo, hi, value] = precision === 'day' ? [d, d, d]
        : precision === 'month' ? [`${d.slice(0, 7)}-01`, `${d.slice(0, 7)}-28`, d.slice(0, 7)]
          : [`${d.slice(0, 4)}-01-01`, `${d.slice(0, 4)}-12-31`, d.slice(0, 4)];
      const undated = r() < 0.05;
      const text = Array.from({ length: 8 }, () => pick(WORDS)).join(' ');
      claim.run(c, speaker, text, pick(['direct_quote', 'indirect_quote', 'indirect_quote', 'paraphrase', 'written_statement']),
        undated ? null : value, undated ? null : precision, undated ? null : lo, undated ? null : hi,
        r() < 0.8 ? 'unreviewed' : pick(['verified', 'disputed']), r() < 0.8 ? 'en' : 'es', d, now, now);
      source.run(c, pick(articleIds), text, 0);
      for (let k = 0, n = 1 + Math.floor(r() * 3); k < n; k++) claimTopic.run(c, pick(topicIds), pick(['supports', 'opposes', 'neutral', 'mixed']), k);
      if (r() < 0.3) addressee.run(c, pick(actorIds));
    }
  })();
  return { actorIds, topicIds, articleIds };
}
