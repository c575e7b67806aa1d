// GET /v1/networks over the demo data: who is linked to whom, two-mode counts, formats, windows and errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { loadDemo } from '../../src/demo/seed.js';
import { ADMIN_KEY } from '../helpers/app.js';

type Node = { id: string; label: string; kind: string; actor_kind?: string; statements: number };
type Edge = { source: string; target: string; weight: number; [count: string]: unknown };
type Network = { type: string; normalization: string; duplicates: string; nodes: Node[]; edges: Edge[] };
type Claim = { actor_id: string; speaker: { name: string }; topics: { topic_id: string; stance: string }[] };

let app: FastifyInstance;
const ids: Record<string, string> = {};
let expansion = '';
let security = '';
let deletedTopic = '';

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });
const json = async <T>(url: string) => {
  const res = await get(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};
const topicId = async (slug: string) =>
  (await json<{ data: { id: string; slug: string }[] }>(`/v1/topics?q=${slug}`)).data.find((t) => t.slug === slug)?.id ?? '';

beforeAll(async () => {
  const db = openDatabase(':memory:');
  expect(loadDemo(db).loaded).toBe(true);
  app = await buildApp({ adminKey: ADMIN_KEY, publicReads: true, bodyLimit: 1_048_576, logLevel: 'silent' }, { db });
  for (const [key, q] of [['putin', 'Putin'], ['lavrov', 'Lavrov'], ['zakharova', 'Zakharova'], ['stoltenberg', 'Stoltenberg'], ['lukyanov', 'Lukyanov']] as const) {
    ids[key] = (await json<{ data: { id: string }[] }>(`/v1/actors?q=${q}`)).data[0]?.id ?? '';
  }
  expansion = await topicId('nato-eastward-expansion');
  security = await topicId('european-security');
  expect(expansion).toMatch(/^top_/);
  const auth = { authorization: `Bearer ${ADMIN_KEY}` };
  const created = await app.inject({ method: 'POST', url: '/v1/topics', headers: auth, payload: { slug: 'short-lived', name: 'Short-lived' } });
  deletedTopic = created.json<{ id: string }>().id;
  expect((await app.inject({ method: 'DELETE', url: `/v1/topics/${deletedTopic}`, headers: auth })).statusCode).toBe(204);
});
afterAll(async () => { await app.close(); });

const edge = (n: Network, a: string, b: string) =>
  n.edges.find((e) => (e.source === ids[a] && e.target === ids[b]) || (e.source === ids[b] && e.target === ids[a]));
const statementsOf = (n: Network, key: string) => n.nodes.find((x) => x.id === ids[key])?.statements ?? 0;
const simple = (edges: Edge[]) => edges.map((e) => [e.source, e.target, Number(e.weight)]);

describe('one-mode networks on NATO eastward expansion', () => {
  it('congruence links Putin, Lavrov and Zakharova pairwise, and not Lavrov to Stoltenberg', async () => {
    const n = await json<Network>(`/v1/networks?topic_id=${expansion}`);
    expect(n).toMatchObject({ type: 'congruence', normalization: 'none', duplicates: 'all' });
    for (const [a, b] of [['putin', 'lavrov'], ['putin', 'zakharova'], ['lavrov', 'zakharova']] as const) {
      // every statement of the three opposes expansion, so each pair of statements agrees
      expect(edge(n, a, b)?.weight, `${a}-${b}`).toBe(statementsOf(n, a) * statementsOf(n, b));
      expect(edge(n, a, b)?.weight).toBeGreaterThan(0);
    }
    expect(edge(n, 'lavrov', 'stoltenberg')).toBeUndefined();
    expect(n.nodes.map((x) => x.id)).toContain(ids.stoltenberg);
    expect(n.nodes.find((x) => x.id === ids.lavrov)).toMatchObject({ label: 'Sergey Lavrov', kind: 'actor', actor_kind: 'person' });
  });

  it('conflict links Lavrov and Stoltenberg, not Lavrov and Zakharova', async () => {
    const n = await json<Network>(`/v1/networks?topic_id=${expansion}&type=conflict`);
    expect(edge(n, 'lavrov', 'stoltenberg')?.weight).toBe(statementsOf(n, 'lavrov') * statementsOf(n, 'stoltenberg'));
    expect(edge(n, 'lavrov', 'stoltenberg')).toMatchObject({ congruence: 0 });
    expect(edge(n, 'lavrov', 'zakharova')).toBeUndefined();
  });

  it('subtract is congruence minus conflict, negative between opponents', async () => {
    const n = await json<Network>(`/v1/networks?topic_id=${expansion}&type=subtract`);
    expect(edge(n, 'lavrov', 'stoltenberg')?.weight).toBeLessThan(0);
    expect(edge(n, 'putin', 'lavrov')?.weight).toBeGreaterThan(0);
    for (const e of n.edges) expect(e.weight).toBe(Number(e.congruence) - Number(e.conflict));
  });

  it('cosine makes like-minded actors 1; sorted nodes and edges, source before target', async () => {
    const n = await json<Network>(`/v1/networks?topic_id=${expansion}&normalization=cosine`);
    expect(edge(n, 'putin', 'zakharova')?.weight).toBeCloseTo(1, 12);
    expect(n.nodes.map((x) => x.id)).toEqual(n.nodes.map((x) => x.id).sort());
    expect(simple(n.edges)).toEqual(simple(n.edges).sort());
    for (const e of n.edges) expect(e.source < e.target).toBe(true);
  });

  it('filters by speaker and by date (undated claims drop out)', async () => {
    const two = await json<Network>(`/v1/networks?topic_id=${expansion}&actor_id=${ids.lavrov}&actor_id=${ids.zakharova}`);
    expect(two.nodes.map((x) => x.id).sort()).toEqual([ids.lavrov, ids.zakharova].sort());
    const december = await json<Network>(`/v1/networks?topic_id=${expansion}&said_from=2021-12&said_to=2021-12`);
    expect(december.nodes.map((x) => x.id)).toContain(ids.lavrov);
    expect(december.nodes.map((x) => x.id)).not.toContain(ids.stoltenberg);
    expect(december.nodes.map((x) => x.id)).not.toContain(ids.putin); // said on 2021-11-30 or undated
  });
});

describe('two-mode networks', () => {
  it('counts each actor\'s stances on each topic as the claims list does', async () => {
    const n = await json<Network>(`/v1/networks?type=two_mode&topic_id=${expansion}`);
    const claims = (await json<{ data: Claim[] }>(`/v1/claims?topic_id=${expansion}&limit=500`)).data;
    const expected = new Map<string, Record<string, number>>();
    for (const c of claims) {
      const stance = c.topics.find((t) => t.topic_id === expansion)?.stance ?? '';
      const counts = expected.get(c.actor_id) ?? { supports: 0, opposes: 0, neutral: 0, mixed: 0 };
      counts[stance] = (counts[stance] ?? 0) + 1;
      expected.set(c.actor_id, counts);
    }
    expect(n.edges).toHaveLength(expected.size);
    for (const e of n.edges) {
      expect(e.target).toBe(expansion);
      const counts = expected.get(e.source) ?? {};
      expect(e).toMatchObject(counts);
      expect(e.weight).toBe(Object.values(counts).reduce((x, y) => x + y, 0));
    }
    expect(n.edges.find((e) => e.source === ids.lavrov)?.stance).toBe('opposes');
    expect(n.edges.find((e) => e.source === ids.stoltenberg)?.stance).toBe('supports');
    expect(n.nodes.filter((x) => x.kind === 'topic')).toEqual([{ id: expansion, label: "NATO's eastward expansion", kind: 'topic', statements: claims.length }]);
  });

  it('activity normalisation divides by the actor\'s statements on the topics considered', async () => {
    const n = await json<Network>(`/v1/networks?type=two_mode&normalization=activity&actor_id=${ids.lavrov}`);
    const total = n.nodes.find((x) => x.id === ids.lavrov)?.statements ?? 0;
    expect(n.edges.reduce((sum, e) => sum + e.weight, 0)).toBeCloseTo(1, 12);
    for (const e of n.edges) expect(e.weight).toBeCloseTo(Number(e.supports) / total + Number(e.opposes) / total + Number(e.neutral) / total + Number(e.mixed) / total, 12);
  });

  it('counts statements once per article with duplicates=article (the demo has one article)', async () => {
    const n = await json<Network>(`/v1/networks?type=two_mode&topic_id=${expansion}&duplicates=article`);
    expect(n.edges.find((e) => e.source === ids.lavrov)).toMatchObject({ weight: 1, opposes: 1 });
  });

  it('maps sub-topics onto the listed topic with include_subtopics', async () => {
    const alone = await json<Network>(`/v1/networks?type=two_mode&topic_id=${security}`);
    expect(alone.nodes.filter((x) => x.kind === 'actor').map((x) => x.id)).toEqual([ids.lukyanov]);
    const below = await json<Network>(`/v1/networks?type=two_mode&topic_id=${security}&include_subtopics=true`);
    expect(below.nodes.filter((x) => x.kind === 'topic').map((x) => x.id)).toEqual([security]);
    expect(below.edges.find((e) => e.source === ids.lavrov)?.target).toBe(security);
    expect(below.nodes.length).toBeGreaterThan(alone.nodes.length);
  });
});

/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  expect(field + row.join('')).toBe(''); // the text ends with CRLF
  return rows;
}

const xml = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, textNodeName: 'text',
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ['key', 'node', 'edge', 'data', 'attvalue', 'attribute', 'attributes'].includes(name),
});
type XmlData = { key: string; text: string };

describe('formats', () => {
  const url = () => `/v1/networks?topic_id=${expansion}&type=subtract`;

  it('CSV: the same edges as JSON, with labels and counts', async () => {
    const n = await json<Network>(url());
    const res = await get(`${url()}&format=csv`);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(res.body);
    expect(header).toEqual(['source', 'target', 'source_label', 'target_label', 'weight', 'congruence', 'conflict']);
    const labels = new Map(n.nodes.map((x) => [x.id, x.label]));
    expect(rows).toEqual(n.edges.map((e) => [e.source, e.target, labels.get(e.source), labels.get(e.target), String(e.weight), String(e.congruence), String(e.conflict)]));
  });

  it('GraphML: well-formed, undirected, declared keys, the same nodes and edges as JSON', async () => {
    const n = await json<Network>(url());
    const res = await get(`${url()}&format=graphml`);
    expect(res.headers['content-type']).toMatch(/^application\/graphml\+xml/);
    expect(XMLValidator.validate(res.body)).toBe(true);
    const doc = xml.parse(res.body).graphml;
    expect(doc.xmlns).toBe('http://graphml.graphdrawing.org/xmlns');
    expect(doc.key.map((k: { id: string; for: string }) => `${k.for}:${k.id}`)).toEqual(expect.arrayContaining(['node:label', 'node:kind', 'edge:weight', 'edge:congruence', 'edge:conflict']));
    expect(doc.graph.edgedefault).toBe('undirected');
    const value = (data: XmlData[], key: string) => data.find((d) => d.key === key)?.text;
    expect(doc.graph.node.map((x: { id: string; data: XmlData[] }) => [x.id, value(x.data, 'label')])).toEqual(n.nodes.map((x) => [x.id, x.label]));
    expect(doc.graph.edge.map((e: { source: string; target: string; data: XmlData[] }) => [e.source, e.target, Number(value(e.data, 'weight'))])).toEqual(simple(n.edges));
  });

  it('GEXF 1.3: well-formed, undirected, declared attributes, the same nodes and edges as JSON', async () => {
    const n = await json<Network>(`/v1/networks?topic_id=${expansion}&type=two_mode`);
    const res = await get(`/v1/networks?topic_id=${expansion}&type=two_mode&format=gexf`);
    expect(res.headers['content-type']).toMatch(/^application\/gexf\+xml/);
    expect(XMLValidator.validate(res.body)).toBe(true);
    const doc = xml.parse(res.body).gexf;
    expect(doc).toMatchObject({ xmlns: 'http://gexf.net/1.3', version: '1.3' });
    expect(doc.graph.defaultedgetype).toBe('undirected');
    const declared = doc.graph.attributes.flatMap((a: { class: string; attribute: { id: string }[] }) => a.attribute.map((x) => `${a.class}:${x.id}`));
    expect(declared).toEqual(expect.arrayContaining(['node:kind', 'node:statements', 'edge:supports', 'edge:opposes', 'edge:stance']));
    expect(doc.graph.nodes.node.map((x: { id: string; label: string }) => [x.id, x.label])).toEqual(n.nodes.map((x) => [x.id, x.label]));
    expect(doc.graph.edges.edge.map((e: { source: string; target: string; weight: string }) => [e.source, e.target, Number(e.weight)])).toEqual(simple(n.edges));
    const lavrov = doc.graph.edges.edge.find((e: { source: string }) => e.source === ids.lavrov);
    expect(lavrov.attvalues.attvalue).toContainEqual({ for: 'stance', value: 'opposes' });
  });

  it.each([
    ['text/csv', 'text/csv'],
    ['application/graphml+xml', 'application/graphml+xml'],
    ['application/gexf+xml', 'application/gexf+xml'],
    ['application/json', 'application/json'],
    ['*/*', 'application/json'],
    ['text/html,application/xhtml+xml,*/*;q=0.8', 'application/json'],
    ['application/json;q=0.5, text/csv', 'text/csv'],
    ['text/*', 'text/csv'],
  ])('Accept: %s answers %s', async (accept, type) => {
    const res = await get(url(), { accept });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type']).split(';')[0]).toBe(type);
    expect(res.headers.vary).toMatch(/accept/i);
  });

  it('format= wins over Accept', async () => {
    const res = await get(`${url()}&format=gexf`, { accept: 'text/csv' });
    expect(res.headers['content-type']).toMatch(/^application\/gexf\+xml/);
  });

  it('answers 406 when Accept allows none of the formats', async () => {
    for (const [path, accept] of [[url(), 'image/png'], [`${url()}&window_size=P1M`, 'text/csv']] as const) {
      const res = await get(path, { accept });
      expect(res.statusCode).toBe(406);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('time windows', () => {
  it('returns one network per day from said_from to said_to', async () => {
    const w = await json<{ window_size: string; window_step: string; windows: { start: string; end: string; network: Network }[] }>(
      `/v1/networks?topic_id=${expansion}&said_from=2021-11-30&said_to=2021-12-03&window_size=P1D`);
    expect(w).toMatchObject({ window_size: 'P1D', window_step: 'P1D' });
    expect(w.windows.map((x) => [x.start, x.end])).toEqual([
      ['2021-11-30', '2021-11-30'], ['2021-12-01', '2021-12-01'], ['2021-12-02', '2021-12-02'], ['2021-12-03', '2021-12-03'],
    ]);
    const dec2 = w.windows[2]?.network as Network;
    expect(edge(dec2, 'lavrov', 'zakharova')?.weight).toBeGreaterThan(0);
    expect(dec2.nodes.map((x) => x.id)).not.toContain(ids.putin);
    expect(w.windows[0]?.network.nodes.map((x) => x.id)).toEqual([ids.putin]);
  });

  it('runs from the first to the last dated statement without bounds, with overlapping windows', async () => {
    const w = await json<{ windows: { start: string; end: string }[] }>(`/v1/networks?window_size=P1Y&window_step=P6M`);
    expect(w.windows[0]?.start).toBe('2008-01-01'); // NATO's statement "in 2008" is the first dated one
    expect((w.windows.at(-1)?.end ?? '') >= '2021-12-03').toBe(true);
    expect(w.windows[1]?.start).toBe('2008-07-01');
  });
});

describe('errors', () => {
  it.each([
    ['type=bogus', '/type'],
    ['normalization=activity', '/normalization'],
    ['type=two_mode&normalization=cosine', '/normalization'],
    ['said_from=2021-02-30', '/said_from'],
    ['said_from=2021-12&said_to=2021-11', '/said_to'],
    ['window_step=P1D', '/window_step'],
    ['window_size=P1D&format=csv', '/format'],
    ['window_size=P1H', '/window_size'],
    ['window_size=P1D&said_from=2000&said_to=2021', '/window_size'],
    ['window_size=P1M&window_step=P1D&said_from=2000&said_to=2021', '/window_step'],
    ['topic_id=nope', '/topic_id/0'],
    ['format=xml', '/format'],
    ['include_subtopics=maybe', '/include_subtopics'],
    ['no_such_parameter=1', '/no_such_parameter'],
  ])('%s is a 400 pointing at %s', async (query, pointer) => {
    const res = await get(`/v1/networks?${query}`);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ in: 'query', pointer }));
  });

  it.each([
    ['an unknown topic', () => `topic_id=top_01JEG8S0V2Y6Q5H3N0W4X9Z7KD`, '/topic_id/0'],
    ['a deleted topic', () => `topic_id=${expansion}&topic_id=${deletedTopic}`, '/topic_id/1'],
    ['an unknown actor', () => `actor_id=${ids.lavrov}&actor_id=act_01JEG8S0V2Y6Q5H3N0W4X9Z7KD`, '/actor_id/1'],
  ])('%s is a 422 pointing at it', async (_what, query, pointer) => {
    const res = await get(`/v1/networks?${query()}`);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors).toEqual([{ in: 'query', pointer, message: expect.stringMatching(/is not a live/) }]);
  });
});
