// Actors as Popolo: the mapping (Person, Organization, Membership, the export format) and
// GET /v1/actors[/{id}] with Accept: application/vnd.popolo+json over the demo data.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { loadDemo } from '../../src/demo/seed.js';
import { POPOLO_MEDIA_TYPE, toPopolo, toPopoloExport } from '../../src/interchange/popolo.js';
import type { ActorT } from '../../src/schemas/actors.js';

const stamps = { created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-02T00:00:00.000Z' };
const ministry: ActorT = {
  id: 'act_MINISTRY', name: 'Ministry of Foreign Affairs of Russia', kind: 'organization', aliases: ['MID'], description: null,
  wikidata_id: null, country: 'RU', roles: [], ...stamps,
};
const zakharova: ActorT = {
  id: 'act_ZAKHAROVA', name: 'Maria Zakharova', kind: 'person', aliases: ['Zakharova', 'Zajárova'], description: 'Spokeswoman.',
  wikidata_id: 'Q4147010', country: 'RU', ...stamps,
  roles: [
    { title: 'Spokeswoman', organization_id: ministry.id, organization: { id: ministry.id, name: ministry.name }, start: '2015-08-10', start_precision: 'day', end: null, end_precision: null },
    { title: 'Diplomat', organization_id: null, organization: null, start: '2003', start_precision: 'year', end: '2005-06', end_precision: 'month' },
  ],
};
const russia: ActorT = {
  id: 'act_RUSSIA', name: 'Russia', kind: 'country', aliases: ['Russian Federation'], description: null, wikidata_id: 'Q159', country: 'RU', ...stamps,
  roles: [{ title: 'Member state', organization_id: 'act_UN', organization: { id: 'act_UN', name: 'United Nations' }, start: '1991', start_precision: 'year', end: null, end_precision: null }],
};

describe('Popolo mapping', () => {
  it('maps a person to a Person with other_names, a wikidata identifier and memberships from roles', () => {
    expect(toPopolo(zakharova)).toEqual({
      id: 'act_ZAKHAROVA', name: 'Maria Zakharova',
      other_names: [{ name: 'Zakharova' }, { name: 'Zajárova' }],
      identifiers: [{ scheme: 'wikidata', identifier: 'Q4147010' }],
      summary: 'Spokeswoman.',
      memberships: [
        { person_id: 'act_ZAKHAROVA', organization_id: 'act_MINISTRY', role: 'Spokeswoman', label: 'Spokeswoman, Ministry of Foreign Affairs of Russia', start_date: '2015-08-10' },
        { person_id: 'act_ZAKHAROVA', role: 'Diplomat', label: 'Diplomat', start_date: '2003', end_date: '2005-06' },
      ],
      ...stamps,
    });
  });

  it.each(['organization', 'country', 'group', 'media', 'other'] as const)('maps a %s to an Organization classified by its kind', (kind) => {
    const org = toPopolo({ ...ministry, kind });
    expect(org).toEqual({
      id: 'act_MINISTRY', name: 'Ministry of Foreign Affairs of Russia', classification: kind,
      other_names: [{ name: 'MID' }], identifiers: [], ...stamps,
    });
  });

  it('names an organisation that is itself a member with Popolo\'s member reference', () => {
    expect(toPopolo(russia)).toMatchObject({
      classification: 'country', identifiers: [{ scheme: 'wikidata', identifier: 'Q159' }],
      memberships: [{ member: { '@type': 'Organization', id: 'act_RUSSIA' }, organization_id: 'act_UN', role: 'Member state', start_date: '1991' }],
    });
  });

  it('writes a page in the export format, with memberships once at the top level', () => {
    const doc = toPopoloExport([zakharova, ministry, russia]);
    expect(doc.persons.map((p) => p.id)).toEqual(['act_ZAKHAROVA']);
    expect(doc.organizations.map((o) => [o.id, o.classification])).toEqual([['act_MINISTRY', 'organization'], ['act_RUSSIA', 'country']]);
    expect(doc.memberships).toHaveLength(3);
    expect(doc.memberships[0]).toMatchObject({ person_id: 'act_ZAKHAROVA', organization_id: 'act_MINISTRY' });
    expect([...doc.persons, ...doc.organizations].some((x) => 'memberships' in x)).toBe(false);
  });

  it('writes an empty page as empty lists', () => {
    expect(toPopoloExport([])).toEqual({ persons: [], organizations: [], memberships: [] });
  });
});

describe('Popolo over HTTP (demo data)', () => {
  let app: FastifyInstance;
  const get = (url: string, accept?: string) => app.inject({ url, headers: accept === undefined ? {} : { accept } });

  beforeAll(async () => {
    const db = openDatabase(':memory:');
    loadDemo(db);
    app = await buildApp({ adminKey: undefined, publicReads: true, bodyLimit: 1_048_576, logLevel: 'silent' }, { db });
  });
  afterAll(async () => { await app.close(); });

  const idOf = async (q: string) => (await get(`/v1/actors?q=${encodeURIComponent(q)}`)).json().data[0].id as string;

  it('answers GET /v1/actors/{id} as a Popolo Person when asked, with aliases as other_names', async () => {
    const id = await idOf('Zakharova');
    const res = await get(`/v1/actors/${id}`, POPOLO_MEDIA_TYPE);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.popolo\+json/);
    expect(res.headers.vary).toMatch(/Accept/i);
    const person = res.json();
    expect(person).toMatchObject({ id, name: 'Maria Zakharova' });
    expect(person.other_names).toContainEqual({ name: 'Zajárova' });
    expect(person.classification).toBeUndefined();
    const ministryId = await idOf('Ministry of Foreign Affairs of Russia');
    expect(person.memberships).toContainEqual(expect.objectContaining({ person_id: id, organization_id: ministryId, start_date: '2015-08-10' }));
  });

  it('answers an organisation as an Organization, and a person with a Wikidata id with its identifier', async () => {
    const nato = (await get(`/v1/actors/${await idOf('NATO')}`, POPOLO_MEDIA_TYPE)).json();
    expect(nato).toMatchObject({ name: 'NATO', classification: 'organization', identifiers: [{ scheme: 'wikidata', identifier: 'Q7184' }] });
    const putin = (await get(`/v1/actors/${await idOf('Putin')}`, POPOLO_MEDIA_TYPE)).json();
    expect(putin.identifiers).toEqual([{ scheme: 'wikidata', identifier: 'Q7747' }]);
  });

  it('keeps JSON the default: no Accept, */*, application/json, or a type it does not offer', async () => {
    const id = await idOf('Zakharova');
    for (const accept of [undefined, '*/*', 'application/json', 'text/html', `application/json, ${POPOLO_MEDIA_TYPE};q=0.5`]) {
      const res = await get(`/v1/actors/${id}`, accept);
      expect(res.statusCode, String(accept)).toBe(200);
      expect(res.headers['content-type'], String(accept)).toMatch(/^application\/json/);
      expect(res.json().aliases).toContain('Zajárova');
    }
  });

  it('gives the Popolo document its own ETag and honours If-None-Match on it', async () => {
    const id = await idOf('Zakharova');
    const json = await get(`/v1/actors/${id}`);
    const popolo = await get(`/v1/actors/${id}`, POPOLO_MEDIA_TYPE);
    expect(popolo.headers.etag).toBeDefined();
    expect(popolo.headers.etag).not.toBe(json.headers.etag);
    const again = await app.inject({ url: `/v1/actors/${id}`, headers: { accept: POPOLO_MEDIA_TYPE, 'if-none-match': popolo.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  it('answers the list in Popolo\'s export format, one page at a time', async () => {
    const all = (await get('/v1/actors?limit=500')).json().data as ActorT[];
    const res = await get('/v1/actors?limit=500', POPOLO_MEDIA_TYPE);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.popolo\+json/);
    const doc = res.json();
    expect(Object.keys(doc).sort()).toEqual(['memberships', 'organizations', 'persons']);
    expect(doc.persons.map((p: { id: string }) => p.id)).toEqual(all.filter((a) => a.kind === 'person').map((a) => a.id));
    expect(doc.organizations).toHaveLength(all.filter((a) => a.kind !== 'person').length);
    expect(doc.memberships).toHaveLength(all.reduce((n, a) => n + a.roles.length, 0));
    const orgIds = new Set(doc.organizations.map((o: { id: string }) => o.id));
    for (const m of doc.memberships) if (m.organization_id !== undefined) expect(orgIds.has(m.organization_id)).toBe(true);

    const page = await get('/v1/actors?limit=5', POPOLO_MEDIA_TYPE);
    const first = page.json();
    expect(first.persons.length + first.organizations.length).toBe(5);
    expect(page.headers.link).toMatch(/^<\/v1\/actors\?limit=5&cursor=[^>]+>; rel="next"$/);
  });

  it('lets format win over Accept, and keeps CSV reachable by Accept', async () => {
    const res = await get('/v1/actors?format=csv', POPOLO_MEDIA_TYPE);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect((await get('/v1/actors', 'text/csv')).headers['content-type']).toMatch(/^text\/csv/);
  });
});
