// The URL parameters of the load benchmarks (bench/run.ts, bench/ceilings.ts), sampled from the database with a fixed
// seed, so that every run, and both benchmarks, ask the same questions.
import type Database from 'better-sqlite3';
import { prng } from './prng.js';

export interface Parameters {
  /** The seeded generator, past the draws below: further draws are the same on every run. */
  rand: () => number;
  /** The largest claim seq. */
  maxSeq: number;
  /** Speakers of 400 claims picked uniformly (busy speakers come up as often as they do in the data), and their names. */
  actorIds: string[];
  speakerNames: string[];
  /** 1,000 claims picked uniformly. */
  claimIds: string[];
  /** The first topic of each of 200 claims picked uniformly. */
  topicIds: string[];
  /** First days of 300 thirty-day windows. */
  windows: string[];
  /** The day `days` after `start` (YYYY-MM-DD). */
  dayAfter: (start: string, days: number) => string;
  /** A day in the `span` days from 2000-01-01 on, drawn from `rand`. */
  randomDay: (span?: number) => string;
}

/** Samples the benchmarks' parameters from the claims of `ro` (a read-only connection to a bench database). */
export function sampleParameters(ro: Database.Database): Parameters {
  const rand = prng(7);
  const maxSeq = (ro.prepare('SELECT max(seq) AS m FROM claims').get() as { m: number }).m;
  const claimAt = ro.prepare('SELECT id, actor_id FROM claims WHERE seq >= ? AND deleted_at IS NULL ORDER BY seq LIMIT 1');
  /** Claims picked uniformly: their speakers and topics are then as frequent as they are in the data (Zipf-like). */
  const randomClaims = (n: number) => Array.from({ length: n }, () => claimAt.get(1 + Math.floor(rand() * maxSeq)) as { id: string; actor_id: string });
  const dayAfter = (start: string, days: number) => new Date(Date.parse(start) + days * 86_400_000).toISOString().slice(0, 10);
  const randomDay = (span = 9100) => dayAfter('2000-01-01', Math.floor(rand() * span));

  // The order of the draws is part of the parameters: bench/run.ts draws on from `rand` after these.
  const actorIds = randomClaims(400).map((c) => c.actor_id);
  const nameOf = ro.prepare('SELECT name FROM actors WHERE id = ?');
  const speakerNames = actorIds.map((id) => (nameOf.get(id) as { name: string }).name);
  const claimIds = randomClaims(1000).map((c) => c.id);
  const topicOf = ro.prepare('SELECT topic_id FROM claim_topics WHERE claim_id = ? ORDER BY position LIMIT 1');
  const topicIds = randomClaims(200).map((c) => (topicOf.get(c.id) as { topic_id: string }).topic_id);
  const windows = Array.from({ length: 300 }, () => randomDay());
  return { rand, maxSeq, actorIds, speakerNames, claimIds, topicIds, windows, dayAfter, randomDay };
}
