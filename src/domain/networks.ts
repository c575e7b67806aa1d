// Discourse networks after Discourse Network Analyzer, without I/O: statement counts, one-mode and
// two-mode edge weights, normalisation, duplicate handling, time windows, and CSV/GraphML/GEXF text.
import { stringify } from 'csv-stringify/sync';
import type { ACTOR_KINDS, STANCES } from '../db/schema.js';

export type Stance = (typeof STANCES)[number];
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const NETWORK_TYPES = ['congruence', 'conflict', 'subtract', 'two_mode'] as const;
export const ONE_MODE_NORMALIZATIONS = ['none', 'average', 'jaccard', 'cosine'] as const;
export const TWO_MODE_NORMALIZATIONS = ['none', 'activity', 'prominence'] as const;
export const NORMALIZATIONS = ['none', 'average', 'jaccard', 'cosine', 'activity', 'prominence'] as const;
export const DUPLICATES = ['all', 'article', 'week', 'month', 'year'] as const;
export const NETWORK_FORMATS = ['json', 'csv', 'graphml', 'gexf'] as const;

export type NetworkType = (typeof NETWORK_TYPES)[number];
export type Normalization = (typeof NORMALIZATIONS)[number];
export type Duplicates = (typeof DUPLICATES)[number];
export type NetworkFormat = (typeof NETWORK_FORMATS)[number];

const STANCE_LIST: readonly Stance[] = ['supports', 'opposes', 'neutral', 'mixed'];

/** One (claim, topic, stance) triple: a speaker's stance on a topic in one claim. */
export interface Statement {
  claimId: string;
  actorId: string;
  actorName: string;
  actorKind: ActorKind;
  topicId: string;
  topicName: string;
  stance: Stance;
  /** First and last day of the claim's said_on; null when undated. */
  lo: string | null;
  hi: string | null;
  /** A source article of the claim; given (one row per source) only for duplicates=article. */
  articleId?: string | null;
}

export interface NetworkOptions {
  type: NetworkType;
  normalization: Normalization;
  duplicates: Duplicates;
}

export interface NetworkNode {
  id: string;
  label: string;
  kind: 'actor' | 'topic';
  actor_kind?: ActorKind;
  statements: number;
}

export interface NetworkEdge {
  source: string;
  target: string;
  weight: number;
  congruence?: number;
  conflict?: number;
  supports?: number;
  opposes?: number;
  neutral?: number;
  mixed?: number;
  stance?: Stance;
}

export interface Network extends NetworkOptions {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
}

type Counts = Record<Stance, number>;
const zero = (): Counts => ({ supports: 0, opposes: 0, neutral: 0, mixed: 0 });
const total = (c: Counts) => c.supports + c.opposes + c.neutral + c.mixed;
const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function isoWeek(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday = 0
  date.setUTCDate(date.getUTCDate() + 3 - weekday); // the Thursday of the week names its year
  const year = date.getUTCFullYear();
  const jan1 = new Date(0);
  jan1.setUTCFullYear(year, 0, 1);
  const week = 1 + Math.floor((date.getTime() - jan1.getTime()) / 86_400_000 / 7);
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/** What makes two statements of one actor-topic-stance the same under a duplicates mode. */
export function duplicateKey(s: Statement, mode: Duplicates): string {
  switch (mode) {
    case 'all': return s.claimId;
    case 'article': return s.articleId ?? `claim:${s.claimId}`;
    case 'week': return s.lo === null ? 'undated' : isoWeek(s.lo);
    case 'month': return s.lo === null ? 'undated' : s.lo.slice(0, 7);
    case 'year': return s.lo === null ? 'undated' : s.lo.slice(0, 4);
  }
}

/** n(actor, topic, stance): statements counted once per duplicate key. */
export function countStatements(statements: Statement[], mode: Duplicates): Map<string, Map<string, Counts>> {
  const seen = new Set<string>();
  const counts = new Map<string, Map<string, Counts>>();
  for (const s of statements) {
    const key = JSON.stringify([s.actorId, s.topicId, s.stance, duplicateKey(s, mode)]);
    if (seen.has(key)) continue;
    seen.add(key);
    let topics = counts.get(s.actorId);
    if (!topics) counts.set(s.actorId, (topics = new Map()));
    let c = topics.get(s.topicId);
    if (!c) topics.set(s.topicId, (c = zero()));
    c[s.stance] += 1;
  }
  return counts;
}

/** Up to this many actor pairs (n²), a network keeps its pairs' places in a dense table rather than a map. */
const DENSE_PAIRS = 1 << 22;

/**
 * Actor-actor edges: for each pair of actors with statements on a common topic, congruence (the products of their
 * counts of each stance, summed over topics), conflict (supports against opposes) and what each shares. Actors are
 * numbered in id order and a pair (i < j) is the number i * n + j, its sums kept in arrays: a topic with 870 actors
 * makes 378,000 pairs, and keying them by strings cost about 5 µs a pair.
 */
function oneModeEdges(counts: Map<string, Map<string, Counts>>, type: NetworkType, normalization: Normalization): NetworkEdge[] {
  const ids = [...counts.keys()].sort();
  const n = ids.length;
  const activity = new Float64Array(n);
  const norm = new Float64Array(n);
  // Each actor's counts on a topic as [actor, supports, opposes, neutral, mixed], grouped by topic.
  const byTopic = new Map<string, number[][]>();
  ids.forEach((actor, i) => {
    let sq = 0;
    for (const [topic, c] of counts.get(actor) as Map<string, Counts>) {
      activity[i] = (activity[i] as number) + total(c);
      for (const s of STANCE_LIST) sq += c[s] * c[s];
      const list = byTopic.get(topic) ?? [];
      list.push([i, c.supports, c.opposes, c.neutral, c.mixed]);
      byTopic.set(topic, list);
    }
    norm[i] = Math.sqrt(sq);
  });
  const shared = (a: number, b: number) => (a > 0 && b > 0 ? a : 0);
  // Where each pair's sums are: a dense table while it stays small (n² up to 4M: 870 actors take 3 MB) and the pairs to
  // visit are enough to repay filling and scanning it (at least n²/4), else a map. Windowed networks build one per window.
  let visits = 0;
  for (const list of byTopic.values()) visits += (list.length * (list.length - 1)) / 2;
  const dense = n * n <= DENSE_PAIRS && visits * 4 >= n * n ? new Int32Array(n * n).fill(-1) : null;
  const slots = new Map<number, number>();
  const slotOf = (pair: number) => (dense === null ? slots.get(pair) : dense[pair] === -1 ? undefined : dense[pair]);
  const pairs: number[] = [];
  const congruence: number[] = [];
  const conflict: number[] = [];
  const sharedA: number[] = [];
  const sharedB: number[] = [];
  // Topics in the order their first actor (in id order) spoke on them, each topic's actors in id order.
  for (const list of byTopic.values()) {
    for (let x = 0; x < list.length; x++) {
      const [i, as, ao, an, am] = list[x] as [number, number, number, number, number];
      for (let y = x + 1; y < list.length; y++) {
        const [j, bs, bo, bn, bm] = list[y] as [number, number, number, number, number];
        const pair = i * n + j;
        let slot = slotOf(pair);
        if (slot === undefined) {
          slot = pairs.length;
          if (dense === null) slots.set(pair, slot);
          else dense[pair] = slot;
          pairs.push(pair);
          congruence.push(0);
          conflict.push(0);
          sharedA.push(0);
          sharedB.push(0);
        }
        congruence[slot] = (congruence[slot] as number) + as * bs + ao * bo + an * bn + am * bm;
        conflict[slot] = (conflict[slot] as number) + as * bo + ao * bs;
        sharedA[slot] = (sharedA[slot] as number) + shared(as, bs) + shared(ao, bo) + shared(an, bn) + shared(am, bm);
        sharedB[slot] = (sharedB[slot] as number) + shared(bs, as) + shared(bo, ao) + shared(bn, an) + shared(bm, am);
      }
    }
  }
  const edges: NetworkEdge[] = [];
  // In pair order, which is (source, target) order: the caller's sort then finds them sorted.
  const order = dense === null ? pairs.map((_, slot) => slot).sort((x, y) => (pairs[x] as number) - (pairs[y] as number))
    : Array.from(dense.filter((slot) => slot >= 0));
  order.forEach((slot) => {
    const pair = pairs[slot] as number;
    const i = Math.floor(pair / n);
    const j = pair % n;
    const con = congruence[slot] as number;
    const dis = conflict[slot] as number;
    const raw = type === 'congruence' ? con : type === 'conflict' ? dis : con - dis;
    if (raw === 0) return;
    const na = activity[i] as number;
    const nb = activity[j] as number;
    const denominator = normalization === 'average' ? (na + nb) / 2
      : normalization === 'jaccard' ? con + (na - (sharedA[slot] as number)) + (nb - (sharedB[slot] as number))
      : normalization === 'cosine' ? (norm[i] as number) * (norm[j] as number)
      : 1;
    edges.push({ source: ids[i] as string, target: ids[j] as string, weight: raw / denominator, congruence: con, conflict: dis });
  });
  return edges;
}

function twoModeEdges(counts: Map<string, Map<string, Counts>>, normalization: Normalization): NetworkEdge[] {
  const topicTotals = new Map<string, number>();
  const actorTotals = new Map<string, number>();
  for (const [actor, topics] of counts) {
    for (const [topic, c] of topics) {
      topicTotals.set(topic, (topicTotals.get(topic) ?? 0) + total(c));
      actorTotals.set(actor, (actorTotals.get(actor) ?? 0) + total(c));
    }
  }
  const edges: NetworkEdge[] = [];
  for (const [actor, topics] of counts) {
    for (const [topic, c] of topics) {
      const n = total(c);
      const denominator = normalization === 'activity' ? actorTotals.get(actor) ?? 1
        : normalization === 'prominence' ? topicTotals.get(topic) ?? 1 : 1;
      edges.push({ source: actor, target: topic, weight: n / denominator, ...c, stance: majority(c) });
    }
  }
  return edges;
}

/** The stance with the most statements; `mixed` when two or more tie for the most. */
export function majority(c: Counts): Stance {
  const top = Math.max(...STANCE_LIST.map((s) => c[s]));
  const leaders = STANCE_LIST.filter((s) => c[s] === top);
  return leaders.length === 1 ? (leaders[0] as Stance) : 'mixed';
}

/** The network of `statements` (already filtered by topic, actor and date). */
export function buildNetwork(statements: Statement[], options: NetworkOptions): Network {
  const counts = countStatements(statements, options.duplicates);
  const actors = new Map<string, NetworkNode>();
  const topics = new Map<string, NetworkNode>();
  for (const s of statements) {
    if (!actors.has(s.actorId)) actors.set(s.actorId, { id: s.actorId, label: s.actorName, kind: 'actor', actor_kind: s.actorKind, statements: 0 });
    if (!topics.has(s.topicId)) topics.set(s.topicId, { id: s.topicId, label: s.topicName, kind: 'topic', statements: 0 });
  }
  for (const [actor, byTopic] of counts) {
    for (const [topic, c] of byTopic) {
      (actors.get(actor) as NetworkNode).statements += total(c);
      (topics.get(topic) as NetworkNode).statements += total(c);
    }
  }
  const twoMode = options.type === 'two_mode';
  const nodes = [...actors.values(), ...(twoMode ? topics.values() : [])].sort(byId);
  const edges = twoMode ? twoModeEdges(counts, options.normalization) : oneModeEdges(counts, options.type, options.normalization);
  edges.sort((x, y) => (x.source < y.source ? -1 : x.source > y.source ? 1 : x.target < y.target ? -1 : x.target > y.target ? 1 : 0));
  return { ...options, nodes, edges };
}

// ---- time windows ----

export interface Duration { n: number; unit: 'D' | 'W' | 'M' | 'Y' }
export const DURATION_PATTERN = '^P[1-9][0-9]{0,3}[DWMY]$';

export function parseDuration(text: string): Duration | null {
  const m = /^P([1-9][0-9]{0,3})([DWMY])$/.exec(text);
  return m ? { n: Number(m[1]), unit: m[2] as Duration['unit'] } : null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Days for D and W, months for M and Y: the two kinds of calendar step. */
type Span = { days: number } | { months: number };
const inUnits = (d: Duration): Span =>
  d.unit === 'D' ? { days: d.n } : d.unit === 'W' ? { days: 7 * d.n } : d.unit === 'M' ? { months: d.n } : { months: 12 * d.n };

/** `day` plus some days or months; months clamp to the last day of a shorter month (Jan 31 + 1 month = Feb 28). */
function shift(day: string, by: Span): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  if ('days' in by) {
    date.setUTCFullYear(y, m - 1, d + by.days);
  } else {
    const months = m - 1 + by.months;
    const year = y + Math.floor(months / 12);
    const month = ((months % 12) + 12) % 12;
    const last = new Date(0);
    last.setUTCFullYear(year, month + 1, 0);
    date.setUTCFullYear(year, month, Math.min(d, last.getUTCDate()));
  }
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

const times = (by: Span, k: number): Span => ('days' in by ? { days: by.days * k } : { months: by.months * k });

export interface Window { start: string; end: string }

/**
 * Windows starting at `start` + k·step for k = 0, 1, …, each `size` long, up to and including the
 * first that reaches `end`; null when that takes more than `max` windows. Offsets are counted from
 * `start` (not from the previous window), so clamped month ends do not drift; when size and step
 * are both in days or both in months, each window ends the day before `start` + k·step + size,
 * which keeps windows of P1M and the like contiguous.
 */
export function timeWindows(start: string, end: string, size: Duration, step: Duration, max: number): Window[] | null {
  const windows: Window[] = [];
  if (start > end) return windows;
  const sizeBy = inUnits(size);
  const stepBy = inUnits(step);
  for (let k = 0; ; k++) {
    if (windows.length === max) return null;
    const offset = times(stepBy, k);
    const from = shift(start, offset);
    const whole = 'days' in offset && 'days' in sizeBy ? { days: offset.days + sizeBy.days }
      : 'months' in offset && 'months' in sizeBy ? { months: offset.months + sizeBy.months } : null;
    const after = whole === null ? shift(from, sizeBy) : shift(start, whole);
    const to = shift(after, { days: -1 });
    windows.push({ start: from, end: to });
    if (to >= end) return windows;
  }
}

/** The first and last day of the dated statements; null when none is dated. */
export function dateRange(statements: Statement[]): Window | null {
  let start: string | null = null;
  let end: string | null = null;
  for (const s of statements) {
    if (s.lo !== null && (start === null || s.lo < start)) start = s.lo;
    if (s.hi !== null && (end === null || s.hi > end)) end = s.hi;
  }
  return start === null || end === null ? null : { start, end };
}

/** One network per window, over the statements whose said_on interval overlaps it. */
export function windowNetworks(statements: Statement[], windows: Window[], options: NetworkOptions) {
  return windows.map((w) => ({
    ...w,
    network: buildNetwork(statements.filter((s) => s.lo !== null && s.hi !== null && s.lo <= w.end && s.hi >= w.start), options),
  }));
}

// ---- file formats ----

const EDGE_COUNT_FIELDS = {
  one: ['congruence', 'conflict'],
  two: ['supports', 'opposes', 'neutral', 'mixed', 'stance'],
} as const;
const edgeFields = (n: Network) => (n.type === 'two_mode' ? EDGE_COUNT_FIELDS.two : EDGE_COUNT_FIELDS.one);

/**
 * The edge list as RFC 4180 CSV (CRLF line ends, a header row), written like the list exports:
 * labels starting with = + - @ are prefixed with ' against formula injection; numbers are left as they are.
 */
export function networkToCsv(n: Network): string {
  const labels = new Map(n.nodes.map((node) => [node.id, node.label]));
  const fields = edgeFields(n);
  const rows: (string | number)[][] = [['source', 'target', 'source_label', 'target_label', 'weight', ...fields]];
  for (const e of n.edges) {
    rows.push([e.source, e.target, labels.get(e.source) ?? '', labels.get(e.target) ?? '', e.weight, ...fields.map((f) => e[f] ?? '')]);
  }
  return stringify(rows, { record_delimiter: 'windows', escape_formulas: true });
}

// Characters XML 1.0 cannot carry at all are dropped; the five special ones are escaped.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
export function xmlEscape(value: string | number): string {
  return String(value).replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

type Attr = { id: string; type: 'string' | 'int' | 'double'; of: 'node' | 'edge' };
function attributes(n: Network): Attr[] {
  const counts = edgeFields(n).map((f): Attr => ({ id: f, type: f === 'stance' ? 'string' : 'int', of: 'edge' }));
  return [
    { id: 'kind', type: 'string', of: 'node' }, { id: 'actor_kind', type: 'string', of: 'node' }, { id: 'statements', type: 'int', of: 'node' },
    { id: 'weight', type: 'double', of: 'edge' }, ...counts,
  ];
}
const nodeValues = (node: NetworkNode): [string, string | number][] =>
  [['kind', node.kind], ...(node.actor_kind ? [['actor_kind', node.actor_kind] as [string, string]] : []), ['statements', node.statements]];
const edgeValues = (n: Network, e: NetworkEdge): [string, string | number][] =>
  edgeFields(n).flatMap((f) => (e[f] === undefined ? [] : [[f, e[f]] as [string, string | number]]));

/** Plain GraphML 1.0, undirected, with label, kind, actor_kind, statements, weight and counts as declared keys. */
export function networkToGraphml(n: Network): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '  xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    ...attributes(n).map((a) => `  <key id="${a.id}" for="${a.of}" attr.name="${a.id}" attr.type="${a.type}"/>`),
    `  <graph id="${xmlEscape(n.type)}" edgedefault="undirected">`,
  ];
  const data = (key: string, value: string | number) => `<data key="${key}">${xmlEscape(value)}</data>`;
  for (const node of n.nodes) {
    out.push(`    <node id="${xmlEscape(node.id)}">${[data('label', node.label), ...nodeValues(node).map(([k, v]) => data(k, v))].join('')}</node>`);
  }
  n.edges.forEach((e, i) => {
    out.push(`    <edge id="e${i}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}">${[data('weight', e.weight), ...edgeValues(n, e).map(([k, v]) => data(k, v))].join('')}</edge>`);
  });
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

/** GEXF 1.3, undirected, with declared node and edge attributes; label and weight are GEXF's own. */
export function networkToGexf(n: Network): string {
  const attrs = attributes(n).filter((a) => a.id !== 'weight');
  const declare = (of: 'node' | 'edge') => [
    `    <attributes class="${of}">`,
    ...attrs.filter((a) => a.of === of).map((a) => `      <attribute id="${a.id}" title="${a.id}" type="${a.type === 'int' ? 'integer' : a.type}"/>`),
    '    </attributes>',
  ];
  const values = (list: [string, string | number][]) =>
    `<attvalues>${list.map(([k, v]) => `<attvalue for="${k}" value="${xmlEscape(v)}"/>`).join('')}</attvalues>`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '  xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
    `  <meta><creator>whosaid</creator><description>${xmlEscape(`${n.type} network; normalization ${n.normalization}; duplicates ${n.duplicates}`)}</description></meta>`,
    '  <graph mode="static" defaultedgetype="undirected">',
    ...declare('node'),
    ...declare('edge'),
    '    <nodes>',
    ...n.nodes.map((node) => `      <node id="${xmlEscape(node.id)}" label="${xmlEscape(node.label)}">${values(nodeValues(node))}</node>`),
    '    </nodes>',
    '    <edges>',
    ...n.edges.map((e, i) => `      <edge id="${i}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}" weight="${e.weight}">${values(edgeValues(n, e))}</edge>`),
    '    </edges>',
    '  </graph>',
    '</gexf>',
    '',
  ];
  return out.join('\n');
}
