// Stance analysis without I/O: date windows, the position in force, stance changes and stance counts.
import type { PartialDate } from './partial-date.js';
import type { STANCES } from '../db/schema.js';

export type Stance = (typeof STANCES)[number];
export type StanceCounts = Record<Stance, number>;

/** Timeline event types. Events on one day sort by this name, which puts an end before a start. */
export const TIMELINE_EVENT_TYPES = ['claim', 'role_start', 'role_end', 'position_start', 'position_end'] as const;
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number];

const FIRST_DAY = '0001-01-01';
const LAST_DAY = '9999-12-31';

/** Adds `days` (may be negative) to a YYYY-MM-DD day, clamped to years 1 to 9999. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // setUTCFullYear, unlike Date.UTC, does not map years 0 to 99 onto 1900 to 1999.
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d + days);
  const year = date.getUTCFullYear();
  if (year < 1) return FIRST_DAY;
  if (year > 9999) return LAST_DAY;
  return `${String(year).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** The days [at.lo − days, at.hi + days] in which claims count towards a stance at `at`. */
export function stanceWindow(at: PartialDate, days: number): { from: string; to: string } {
  return { from: addDays(at.lo, -days), to: addDays(at.hi, days) };
}

export interface PeriodBounds {
  id: string;
  /** First day of valid_from; null when the start is unknown (treated as open). */
  valid_from_lo: string | null;
  /** Last day of valid_to; null while held. */
  valid_to_hi: string | null;
}

/** A position is in force at `at` when its period meets the interval of `at`. */
export function inForce(p: PeriodBounds, at: PartialDate): boolean {
  return (p.valid_from_lo === null || p.valid_from_lo <= at.hi) && (p.valid_to_hi === null || p.valid_to_hi >= at.lo);
}

/** The position in force at `at`: the latest-starting one (unknown start counts as earliest), then the latest id. */
export function positionInForce<P extends PeriodBounds>(positions: P[], at: PartialDate): P | null {
  let best: P | null = null;
  for (const p of positions) {
    if (!inForce(p, at)) continue;
    if (best === null) { best = p; continue; }
    const a = p.valid_from_lo ?? '';
    const b = best.valid_from_lo ?? '';
    if (a > b || (a === b && p.id > best.id)) best = p;
  }
  return best;
}

export interface StanceChange<C> {
  before: C;
  after: C;
}

/**
 * Where each claim's stance differs from the previous claim's, walking claims in the order given.
 * With ignoreNeutral, neutral claims are skipped: they neither make a change nor interrupt one.
 */
export function stanceChanges<C extends { stance: Stance }>(claims: C[], options: { ignoreNeutral?: boolean } = {}): StanceChange<C>[] {
  const changes: StanceChange<C>[] = [];
  let previous: C | undefined;
  for (const claim of claims) {
    if (options.ignoreNeutral && claim.stance === 'neutral') continue;
    if (previous !== undefined && previous.stance !== claim.stance) changes.push({ before: previous, after: claim });
    previous = claim;
  }
  return changes;
}

/**
 * Stance changes on each topic separately (a stance is always towards one topic), merged in the order of
 * `rows`: one row per claim and topic, in walk order. A claim on two topics can change stance on both.
 */
export function stanceChangesByTopic<R extends { topic_id: string; stance: Stance }>(rows: R[], options: { ignoreNeutral?: boolean } = {}): StanceChange<R>[] {
  const byTopic = new Map<string, R[]>();
  for (const row of rows) {
    const list = byTopic.get(row.topic_id);
    if (list) list.push(row);
    else byTopic.set(row.topic_id, [row]);
  }
  const order = new Map(rows.map((row, i) => [row, i]));
  return [...byTopic.values()]
    .flatMap((list) => stanceChanges(list, options))
    .sort((a, b) => (order.get(a.after) ?? 0) - (order.get(b.after) ?? 0));
}

export const zeroCounts = (): StanceCounts => ({ supports: 0, opposes: 0, neutral: 0, mixed: 0 });

/** Per-key stance counts from grouped rows; keys without rows are absent (callers default to zeroCounts()). */
export function tallyStances<K>(rows: { key: K; stance: Stance; n: number }[]): Map<K, StanceCounts> {
  const out = new Map<K, StanceCounts>();
  for (const row of rows) {
    const counts = out.get(row.key) ?? zeroCounts();
    counts[row.stance] += row.n;
    out.set(row.key, counts);
  }
  return out;
}
