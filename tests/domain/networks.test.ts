// Discourse network computations on small hand-made statement lists, with weights worked out by hand.
import { describe, expect, it } from 'vitest';
import {
  buildNetwork, countStatements, dateRange, duplicateKey, majority, networkToCsv, parseDuration, timeWindows,
  windowNetworks, xmlEscape, type Duplicates, type Network, type NetworkType, type Normalization, type Statement,
} from '../../src/domain/networks.js';
import { prng } from '../../bench/prng.js';

let seq = 0;
const st = (actor: string, topic: string, stance: Statement['stance'], over: Partial<Statement> = {}): Statement => ({
  claimId: `clm_${++seq}`, actorId: `act_${actor}`, actorName: actor.toUpperCase(), actorKind: 'person',
  topicId: `top_${topic}`, topicName: `Topic ${topic}`, stance, lo: null, hi: null, ...over,
});

// A: t1 supports ×2, t2 opposes.  B: t1 supports, t2 supports.  C: t1 opposes, t2 neutral.
// n_A = 3, n_B = 2, n_C = 2; |A|₂ = √5, |B|₂ = |C|₂ = √2.
// A–B: congruence 2·1 = 2 (t1 supports), conflict 1·1 = 1 (t2: A opposes, B supports).
// A–C: congruence 0, conflict 2·1 = 2 (t1).  B–C: congruence 0, conflict 1 (t1); t2 supports/neutral is neither.
const STATEMENTS = [
  st('a', '1', 'supports'), st('a', '1', 'supports'), st('a', '2', 'opposes'),
  st('b', '1', 'supports'), st('b', '2', 'supports'),
  st('c', '1', 'opposes'), st('c', '2', 'neutral'),
];
const weights = (n: Network) => Object.fromEntries(n.edges.map((e) => [`${e.source.slice(4)}-${e.target.slice(4)}`, e.weight]));
const r10 = Math.sqrt(10);

describe('one-mode networks', () => {
  it.each<[NetworkType, Normalization, Record<string, number>]>([
    ['congruence', 'none', { 'a-b': 2 }],
    ['congruence', 'average', { 'a-b': 2 / 2.5 }],
    // jaccard: congruence / (congruence + statements of A unmatched by B + of B unmatched by A) = 2 / (2 + 1 + 1)
    ['congruence', 'jaccard', { 'a-b': 0.5 }],
    ['congruence', 'cosine', { 'a-b': 2 / r10 }],
    ['conflict', 'none', { 'a-b': 1, 'a-c': 2, 'b-c': 1 }],
    ['conflict', 'average', { 'a-b': 0.4, 'a-c': 0.8, 'b-c': 0.5 }],
    ['conflict', 'jaccard', { 'a-b': 1 / 4, 'a-c': 2 / 5, 'b-c': 1 / 4 }],
    ['conflict', 'cosine', { 'a-b': 1 / r10, 'a-c': 2 / r10, 'b-c': 0.5 }],
    ['subtract', 'none', { 'a-b': 1, 'a-c': -2, 'b-c': -1 }],
    ['subtract', 'average', { 'a-b': 0.4, 'a-c': -0.8, 'b-c': -0.5 }],
  ])('%s with normalization %s', (type, normalization, expected) => {
    const n = buildNetwork(STATEMENTS, { type, normalization, duplicates: 'all' });
    const got = weights(n);
    expect(Object.keys(got)).toEqual(Object.keys(expected));
    for (const [pair, w] of Object.entries(expected)) expect(got[pair], pair).toBeCloseTo(w, 12);
  });

  it('lists every actor with statements, sorted, and carries the raw counts on each edge', () => {
    const n = buildNetwork(STATEMENTS, { type: 'congruence', normalization: 'none', duplicates: 'all' });
    expect(n.nodes).toEqual([
      { id: 'act_a', label: 'A', kind: 'actor', actor_kind: 'person', statements: 3 },
      { id: 'act_b', label: 'B', kind: 'actor', actor_kind: 'person', statements: 2 },
      { id: 'act_c', label: 'C', kind: 'actor', actor_kind: 'person', statements: 2 },
    ]);
    expect(n.edges).toEqual([{ source: 'act_a', target: 'act_b', weight: 2, congruence: 2, conflict: 1 }]);
  });

  it('drops subtract edges where congruence and conflict cancel', () => {
    const n = buildNetwork([st('a', '1', 'supports'), st('a', '2', 'supports'), st('b', '1', 'supports'), st('b', '2', 'opposes')],
      { type: 'subtract', normalization: 'none', duplicates: 'all' });
    expect(n.edges).toEqual([]);
    expect(n.nodes.map((x) => x.id)).toEqual(['act_a', 'act_b']);
  });

  it.each<[Statement['stance'], Statement['stance'], number, number]>([
    ['neutral', 'neutral', 1, 0],
    ['mixed', 'mixed', 1, 0],
    ['neutral', 'supports', 0, 0],
    ['mixed', 'opposes', 0, 0],
    ['supports', 'opposes', 0, 1],
  ])('%s against %s: congruence %i, conflict %i', (x, y, congruence, conflict) => {
    const list = [st('a', '1', x), st('b', '1', y)];
    const c = buildNetwork(list, { type: 'congruence', normalization: 'none', duplicates: 'all' });
    const k = buildNetwork(list, { type: 'conflict', normalization: 'none', duplicates: 'all' });
    expect(c.edges[0]?.weight ?? 0).toBe(congruence);
    expect(k.edges[0]?.weight ?? 0).toBe(conflict);
  });
});

describe('one-mode networks of many actors', () => {
  // Every pair sums products of counts over the topics both actors speak on, as worked out pair by pair. Dense: 60
  // actors on 5 topics, nearly every pair meets (the pairs' table). Sparse: 400 actors on 150 topics, few pairs meet
  // (the pairs' map).
  const stances: Statement['stance'][] = ['supports', 'opposes', 'neutral', 'mixed'];
  const generate = (seed: number, actors: number, topics: number, count: number) => {
    const r = prng(seed);
    return Array.from({ length: count }, () => st(String(Math.floor(r() * actors)).padStart(3, '0'), String(Math.floor(r() * topics)), stances[Math.floor(r() * 4)] as Statement['stance']));
  };
  const sets = { dense: generate(5, 60, 5, 900), sparse: generate(6, 400, 150, 900) };

  it.each((['dense', 'sparse'] as const).flatMap((set) => (['congruence', 'conflict', 'subtract'] as NetworkType[]).map((type) => [set, type] as const)))(
    '%s, %s: every pair, by brute force', (set, type) => {
      const many = sets[set];
      // For each actor, its count of each stance on each topic it speaks on.
      const byActor = new Map<string, Map<string, Record<string, number>>>();
      for (const s of many) {
        const topics = byActor.get(s.actorId) ?? new Map<string, Record<string, number>>();
        const c = topics.get(s.topicId) ?? { supports: 0, opposes: 0, neutral: 0, mixed: 0 };
        c[s.stance] = (c[s.stance] ?? 0) + 1;
        topics.set(s.topicId, c);
        byActor.set(s.actorId, topics);
      }
      const actors = [...byActor.keys()].sort();
      const expected: Record<string, number> = {};
      for (const [i, a] of actors.entries()) {
        for (const b of actors.slice(i + 1)) {
          let congruence = 0;
          let conflict = 0;
          for (const [t, ca] of byActor.get(a) as Map<string, Record<string, number>>) {
            const cb = byActor.get(b)?.get(t);
            if (cb === undefined) continue;
            for (const s of stances) congruence += (ca[s] ?? 0) * (cb[s] ?? 0);
            conflict += (ca.supports ?? 0) * (cb.opposes ?? 0) + (ca.opposes ?? 0) * (cb.supports ?? 0);
          }
          const weight = type === 'congruence' ? congruence : type === 'conflict' ? conflict : congruence - conflict;
          if (weight !== 0) expected[`${a.slice(4)}-${b.slice(4)}`] = weight;
        }
      }
      const network = buildNetwork(many, { type, normalization: 'none', duplicates: 'all' });
      expect(Object.keys(expected).length).toBeGreaterThan(set === 'dense' ? 1000 : 100);
      expect(weights(network)).toEqual(expected);
      expect(network.edges.map((e) => `${e.source}\n${e.target}`)).toEqual(network.edges.map((e) => `${e.source}\n${e.target}`).sort());
    });
});

describe('two-mode networks', () => {
  it.each<[Normalization, Record<string, number>]>([
    ['none', { 'a-1': 2, 'a-2': 1, 'b-1': 1, 'b-2': 1, 'c-1': 1, 'c-2': 1 }],
    // activity: divided by the actor's statements (A 3, B 2, C 2)
    ['activity', { 'a-1': 2 / 3, 'a-2': 1 / 3, 'b-1': 0.5, 'b-2': 0.5, 'c-1': 0.5, 'c-2': 0.5 }],
    // prominence: divided by the topic's statements (t1 4, t2 3)
    ['prominence', { 'a-1': 0.5, 'a-2': 1 / 3, 'b-1': 0.25, 'b-2': 1 / 3, 'c-1': 0.25, 'c-2': 1 / 3 }],
  ])('weights with normalization %s', (normalization, expected) => {
    const n = buildNetwork(STATEMENTS, { type: 'two_mode', normalization, duplicates: 'all' });
    const got = weights(n);
    expect(Object.keys(got)).toEqual(Object.keys(expected));
    for (const [pair, w] of Object.entries(expected)) expect(got[pair], pair).toBeCloseTo(w, 12);
  });

  it('has actor and topic nodes, stance counts and the majority stance on each edge', () => {
    const n = buildNetwork(STATEMENTS, { type: 'two_mode', normalization: 'none', duplicates: 'all' });
    expect(n.nodes.map((x) => [x.id, x.kind, x.statements])).toEqual([
      ['act_a', 'actor', 3], ['act_b', 'actor', 2], ['act_c', 'actor', 2], ['top_1', 'topic', 4], ['top_2', 'topic', 3],
    ]);
    expect(n.nodes[3]).toEqual({ id: 'top_1', label: 'Topic 1', kind: 'topic', statements: 4 });
    expect(n.edges[0]).toEqual({ source: 'act_a', target: 'top_1', weight: 2, supports: 2, opposes: 0, neutral: 0, mixed: 0, stance: 'supports' });
    expect(n.edges.find((e) => e.source === 'act_c' && e.target === 'top_2')?.stance).toBe('neutral');
  });

  it.each<[Record<'supports' | 'opposes' | 'neutral' | 'mixed', number>, string]>([
    [{ supports: 2, opposes: 1, neutral: 0, mixed: 0 }, 'supports'],
    [{ supports: 1, opposes: 1, neutral: 0, mixed: 0 }, 'mixed'],
    [{ supports: 0, opposes: 0, neutral: 3, mixed: 1 }, 'neutral'],
    [{ supports: 1, opposes: 0, neutral: 1, mixed: 0 }, 'mixed'],
  ])('majority of %o is %s', (counts, stance) => {
    expect(majority(counts)).toBe(stance);
  });
});

describe('duplicates', () => {
  // One actor, one topic, one stance, six claims; claim 2 is reported by two articles (two rows).
  const dup = (claim: string, lo: string | null, articleId: string) => st('a', '1', 'supports', { claimId: claim, lo, hi: lo, articleId });
  const rows = [
    dup('c1', '2021-12-01', 'art_x'), // Wednesday, ISO week 2021-W48
    dup('c2', '2021-12-02', 'art_x'), dup('c2', '2021-12-02', 'art_y'), // same week
    dup('c3', '2021-12-06', 'art_x'), // Monday, 2021-W49
    dup('c4', '2022-01-03', 'art_z'), // 2022-W01
    dup('c5', null, 'art_y'), dup('c6', null, 'art_y'), // undated
  ];

  it.each<[Duplicates, number]>([
    ['all', 6], // each claim once
    ['article', 3], // art_x, art_y, art_z
    ['week', 4], // 2021-W48, 2021-W49, 2022-W01, undated
    ['month', 3], // 2021-12, 2022-01, undated
    ['year', 3], // 2021, 2022, undated
  ])('%s counts %i', (mode, n) => {
    expect(countStatements(rows, mode).get('act_a')?.get('top_1')).toEqual({ supports: n, opposes: 0, neutral: 0, mixed: 0 });
    expect(buildNetwork(rows, { type: 'congruence', normalization: 'none', duplicates: mode }).nodes[0]?.statements).toBe(n);
  });

  it('keeps different stances and topics apart', () => {
    const list = [st('a', '1', 'supports', { lo: '2021-12-01' }), st('a', '1', 'opposes', { lo: '2021-12-01' }), st('a', '2', 'supports', { lo: '2021-12-01' })];
    expect(buildNetwork(list, { type: 'two_mode', normalization: 'none', duplicates: 'year' }).edges.map((e) => e.weight)).toEqual([2, 1]);
  });

  it.each([
    ['2021-01-01', '2020-W53'], // a Friday: its week's Thursday is in 2020
    ['2024-12-30', '2025-W01'], // a Monday whose Thursday is in 2025
    ['2021-12-02', '2021-W48'],
  ])('puts %s in ISO week %s', (day, week) => {
    expect(duplicateKey(st('a', '1', 'supports', { lo: day, hi: day }), 'week')).toBe(week);
  });

  it('multiplies pairs after removing duplicates', () => {
    const b = st('b', '1', 'supports', { claimId: 'b1', lo: '2021-12-01', hi: '2021-12-01', articleId: 'art_x' });
    const net = (mode: Duplicates) => buildNetwork([...rows, b], { type: 'congruence', normalization: 'none', duplicates: mode }).edges[0]?.weight;
    expect([net('all'), net('article'), net('week')]).toEqual([6, 3, 4]);
  });
});

describe('time windows', () => {
  const d = (text: string) => parseDuration(text) ?? (() => { throw new Error(text); })();

  it.each<[string, string, string, string, [string, string][]]>([
    ['2021-11-01', '2021-12-31', 'P1M', 'P1M', [['2021-11-01', '2021-11-30'], ['2021-12-01', '2021-12-31']]],
    ['2021-11-01', '2021-12-31', 'P30D', 'P7D', [
      ['2021-11-01', '2021-11-30'], ['2021-11-08', '2021-12-07'], ['2021-11-15', '2021-12-14'],
      ['2021-11-22', '2021-12-21'], ['2021-11-29', '2021-12-28'], ['2021-12-06', '2022-01-04'],
    ]],
    // month ends clamp without gaps: Jan 31, Feb 28, Mar 31, …
    ['2021-01-31', '2021-04-15', 'P1M', 'P1M', [['2021-01-31', '2021-02-27'], ['2021-02-28', '2021-03-30'], ['2021-03-31', '2021-04-29']]],
    ['2021-12-02', '2021-12-02', 'P1W', 'P1D', [['2021-12-02', '2021-12-08']]],
    ['2020-01-01', '2021-12-31', 'P1Y', 'P6M', [['2020-01-01', '2020-12-31'], ['2020-07-01', '2021-06-30'], ['2021-01-01', '2021-12-31']]],
    ['2021-12-31', '2021-01-01', 'P1M', 'P1M', []],
  ])('%s to %s by %s every %s', (start, end, size, step, expected) => {
    expect(timeWindows(start, end, d(size), d(step), 500)?.map((w) => [w.start, w.end])).toEqual(expected);
  });

  it('gives up past the maximum number of windows', () => {
    expect(timeWindows('2000-01-01', '2021-12-31', d('P1D'), d('P1D'), 500)).toBeNull();
    expect(timeWindows('2021-01-01', '2021-01-03', d('P1D'), d('P1D'), 3)).toHaveLength(3);
  });

  it.each(['P0D', 'P1H', '30', 'P1M2D', 'P10000D'])('refuses the duration %s', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('puts a statement in every window its said_on interval overlaps, and undated ones in none', () => {
    const list = [
      st('a', '1', 'supports', { lo: '2021-12-01', hi: '2021-12-31' }), // said in December 2021
      st('b', '1', 'supports', { lo: '2021-11-15', hi: '2021-11-15' }),
      st('c', '1', 'supports'),
    ];
    expect(dateRange(list)).toEqual({ start: '2021-11-15', end: '2021-12-31' });
    const windows = timeWindows('2021-11-01', '2021-12-31', d('P2W'), d('P2W'), 500) ?? [];
    const seen = windowNetworks(list, windows, { type: 'congruence', normalization: 'none', duplicates: 'all' })
      .map((w) => [w.start, w.network.nodes.map((x) => x.label).join('')]);
    expect(seen).toEqual([['2021-11-01', ''], ['2021-11-15', 'B'], ['2021-11-29', 'A'], ['2021-12-13', 'A'], ['2021-12-27', 'A']]);
  });
});

describe('file formats', () => {
  it('prefixes labels that a spreadsheet would run as formulas, but not negative weights', () => {
    const n = buildNetwork([st('a', '1', 'supports', { actorName: '=HYPERLINK("x")' }), st('b', '1', 'opposes')], { type: 'subtract', normalization: 'none', duplicates: 'all' });
    const [, row] = networkToCsv(n).split('\r\n');
    expect(row).toBe(`act_a,act_b,"'=HYPERLINK(""x"")",B,-1,0,1`);
  });

  it('writes an RFC 4180 edge list with labels and counts', () => {
    const n = buildNetwork([st('a', '1', 'supports', { actorName: 'Smith, "Jr"' }), st('b', '1', 'supports')], { type: 'congruence', normalization: 'none', duplicates: 'all' });
    expect(networkToCsv(n)).toBe('source,target,source_label,target_label,weight,congruence,conflict\r\nact_a,act_b,"Smith, ""Jr""",B,1,1,0\r\n');
  });

  it.each([
    ['<a & "b">', '&lt;a &amp; &quot;b&quot;&gt;'],
    ["it's", 'it&apos;s'],
    ['bell\u0007 and nul\u0000', 'bell and nul'],
    ['Zajárova 👍', 'Zajárova 👍'],
  ])('XML-escapes %j', (value, out) => {
    expect(xmlEscape(value)).toBe(out);
  });
});
