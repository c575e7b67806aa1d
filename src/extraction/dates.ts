// Date phrases ("this Thursday", "In 2008", "at the beginning of November") resolved against a publication date.

// The English parsers only: the package's index also builds parsers for a dozen other locales as it loads.
import * as chrono from 'chrono-node/en';
import type { Component, ParsedResult } from 'chrono-node';

export type DatePrecision = 'year' | 'month' | 'day';

export interface DatePhrase {
  /** Code-unit offsets of the phrase in the text searched. */
  start: number;
  end: number;
  text: string;
  value: string;
  precision: DatePrecision;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const iso = (d: Date) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/** The publication day at noon UTC, or null when there is no usable publication date. */
export function referenceDate(publishedAt: string | null): Date | null {
  if (!publishedAt) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(publishedAt);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return Number.isNaN(d.getTime()) ? null : d;
}

// Words before a chrono match that belong to the phrase ("at the beginning of" November).
const QUALIFIER = /(?:\b(?:at|in|towards?) the (?:beginning|start|end|middle) of|\b(?:in |since )?(?:early|late|mid-?)|\b(?:in|on|during|since|last|this|next|past))\s*$/i;
const FORWARD = /\b(next|coming|upcoming|following)\b/i;
const BACKWARD = /\b(last|past|previous)\b/i;

/** The span of the calendar week (Monday to Sunday) `weeksBack` weeks before the one containing ref. */
function weekOf(ref: Date, weeksBack: number): [Date, Date] {
  const monday = addDays(ref, -((ref.getUTCDay() + 6) % 7) - 7 * weeksBack);
  return [monday, addDays(monday, 6)];
}

/** The coarsest precision a span of days still fits in: the month, else the year. */
function spanValue(from: Date, to: Date): { value: string; precision: DatePrecision } | null {
  if (from.getUTCFullYear() !== to.getUTCFullYear()) return null;
  if (from.getUTCMonth() === to.getUTCMonth()) return { value: iso(from).slice(0, 7), precision: 'month' };
  return { value: iso(from).slice(0, 4), precision: 'year' };
}

function relativeSpan(text: string, ref: Date): { value: string; precision: DatePrecision } | null {
  const t = text.toLowerCase();
  if (/last week|past week/.test(t)) {
    const [a, b] = weekOf(ref, 1);
    return spanValue(a, b);
  }
  if (/this week/.test(t)) {
    const [a] = weekOf(ref, 0);
    return spanValue(a, ref);
  }
  if (/last month/.test(t)) {
    const d = new Date(Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth() - 1, 1));
    return { value: iso(d).slice(0, 7), precision: 'month' };
  }
  if (/this month/.test(t)) return { value: iso(ref).slice(0, 7), precision: 'month' };
  if (/last year/.test(t)) return { value: String(ref.getUTCFullYear() - 1), precision: 'year' };
  if (/this year/.test(t)) return { value: String(ref.getUTCFullYear()), precision: 'year' };
  return null;
}

const RELATIVE = /\b(?:(?:earlier|later) )?(?:last|this|past) (?:week|month|year)\b/gi;
// "In 2008", "during 1999"; not "a 2013 robbery" and not a range ("2014-2016").
const YEAR = /\b(?:[Ii]n|[Dd]uring|[Bb]ack in)\s+(1[5-9]\d\d|20\d\d)\b(?![-\u2013]\d)/g;
// A chrono match must name a day, a month, a number or a deictic word ("in the years" alone is not a date).
const ANCHORED = /\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b|yesterday|today|tonight|tomorrow|\bago\b/i;
const MONTH_NAMES = /^(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?$/i;

/** Resolves one chrono result under the house rules (past-leaning weekdays, months and days). */
function resolveChrono(r: ParsedResult, ref: Date, phrase: string): { value: string; precision: DatePrecision } | null {
  const s = r.start;
  const forward = FORWARD.test(phrase);
  const backward = BACKWARD.test(phrase);
  if (s.isCertain('day') || (s.isCertain('month') && s.get('day') !== null && /\d/.test(r.text))) {
    if (!s.isCertain('month') && !/yesterday|today|tonight|tomorrow|ago/i.test(r.text)) return null;
    let y = s.get('year') ?? ref.getUTCFullYear();
    const m = s.get('month') ?? ref.getUTCMonth() + 1;
    const d = s.get('day') ?? 1;
    if (!s.isCertain('year') && s.isCertain('month')) {
      y = ref.getUTCFullYear();
      const candidate = Date.UTC(y, m - 1, d, 12);
      if (!forward && candidate > ref.getTime()) y -= 1;
      if (forward && candidate < ref.getTime()) y += 1;
    }
    return { value: `${pad(y, 4)}-${pad(m)}-${pad(d)}`, precision: 'day' };
  }
  if (s.isCertain('weekday')) {
    const wd = s.get('weekday') as number;
    const back = (ref.getUTCDay() - wd + 7) % 7;
    let d: Date;
    if (forward) d = addDays(ref, ((wd - ref.getUTCDay() + 7) % 7) || 7);
    else d = addDays(ref, -(back === 0 && backward ? 7 : back));
    return { value: iso(d), precision: 'day' };
  }
  if (s.isCertain('month')) {
    const m = s.get('month') as number;
    let y = s.isCertain('year') ? (s.get('year') as number) : ref.getUTCFullYear();
    if (!s.isCertain('year')) {
      const current = ref.getUTCMonth() + 1;
      if (!forward && m > current) y -= 1;
      if (forward && m < current) y += 1;
    }
    return { value: `${pad(y, 4)}-${pad(m)}`, precision: 'month' };
  }
  if (s.isCertain('year')) return { value: pad(s.get('year') as number, 4), precision: 'year' };
  return null;
}

/**
 * Date phrases in `text` (offsets relative to it), resolved against `publishedAt`. Weekdays mean the most recent
 * such day on or before publication unless the phrase says next/coming; a month or a day without a year means
 * the most recent one; precision follows what the phrase names (a year, a month, a day).
 */
export function findDatePhrases(text: string, publishedAt: string | null): DatePhrase[] {
  const ref = referenceDate(publishedAt);
  if (!ref) return [];
  const out: DatePhrase[] = [];
  const taken = (a: number, b: number) => out.some((p) => a < p.end && b > p.start);
  for (const m of text.matchAll(RELATIVE)) {
    const v = relativeSpan(m[0], ref);
    if (v) out.push({ start: m.index, end: m.index + m[0].length, text: m[0], ...v });
  }
  for (const m of text.matchAll(YEAR)) {
    if (!taken(m.index, m.index + m[0].length)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0], value: m[1] as string, precision: 'year' });
  }
  for (const r of chrono.casual.parse(text, { instant: ref, timezone: 0 })) {
    const bare = r.text.replace(/[\s,.;:]+$/, '').trim();
    if (/^\d+$/.test(bare) || !ANCHORED.test(bare)) continue;
    // Lower-case "may" or "march" is a verb, not a month.
    if (MONTH_NAMES.test(bare) && bare[0] === bare[0]?.toLowerCase()) continue;
    const s = r.start;
    if (!['day', 'weekday', 'month', 'year'].some((c) => s.isCertain(c as Component))) continue;
    let start = r.index + (r.text.length - r.text.trimStart().length);
    const end = start + bare.length;
    const q = QUALIFIER.exec(text.slice(Math.max(0, start - 30), start));
    if (q && !/^(on|in|this|last|next|past)\b/i.test(r.text)) start -= q[0].length;
    if (taken(start, end)) continue;
    const phrase = text.slice(start, end);
    const v = resolveChrono(r, ref, phrase);
    if (v) out.push({ start, end, text: phrase, ...v });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Resolves a single phrase, e.g. for tests and the annotation tools: the first date phrase it contains. */
export function resolveDatePhrase(phrase: string, publishedAt: string | null): { value: string; precision: DatePrecision } | null {
  const [first] = findDatePhrases(phrase, publishedAt);
  return first ? { value: first.value, precision: first.precision } : null;
}
