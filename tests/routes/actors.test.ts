// /v1/actors through app.inject: CRUD, aliases and ranked search, roles with partial dates, and every error status.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createActorsRepository } from '../../src/repositories/actors.js';
import { useTestApp } from '../helpers/app.js';
import { fold } from '../../src/domain/text.js';

const t = useTestApp();

interface ActorBody { id: string; name: string; aliases: string[]; roles: Record<string, unknown>[] }

async function create(body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/v1/actors', headers: t.auth.write, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<ActorBody>();
}

const names = (res: { json: () => { data: { name: string }[] } }) => res.json().data.map((a) => a.name);
const count = (table: string) => t.db.get<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`))?.n;
const zakharova = { name: 'Maria Zakharova', kind: 'person', aliases: ['Zajárova', 'Марія Захарова'], country: 'RU' };

describe('actors', () => {
  it('creates, reads, patches, deletes, restores and keeps the history', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/actors', headers: t.auth.write, payload: { ...zakharova, wikidata_id: 'Q4491154' } });
    expect(res.statusCode).toBe(201);
    const actor = res.json();
    expect(res.headers.location).toBe(`/v1/actors/${actor.id}`);
    expect(actor).toMatchObject({ ...zakharova, description: null, wikidata_id: 'Q4491154', roles: [] });
    const got = await t.app.inject({ url: `/v1/actors/${actor.id}` });
    expect(got.json()).toEqual(actor);
    expect(got.headers.etag).toBe(res.headers.etag);
    expect((await t.app.inject({ url: `/v1/actors/${actor.id}`, headers: { 'if-none-match': String(got.headers.etag) } })).statusCode).toBe(304);

    const etag = String(got.headers.etag);
    const patched = await t.app.inject({ method: 'PATCH', url: `/v1/actors/${actor.id}`, headers: { ...t.auth.write, 'if-match': etag }, payload: { description: 'Spokeswoman of the Russian foreign ministry', aliases: ['Zakharova'] } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Maria Zakharova', description: 'Spokeswoman of the Russian foreign ministry', aliases: ['Zakharova'], country: 'RU' });
    const stale = await t.app.inject({ method: 'PATCH', url: `/v1/actors/${actor.id}`, headers: { ...t.auth.write, 'if-match': etag }, payload: { name: 'Lost update' } });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);

    expect((await t.app.inject({ method: 'DELETE', url: `/v1/actors/${actor.id}`, headers: t.auth.write })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/v1/actors/${actor.id}` })).statusCode).toBe(410);
    expect((await t.app.inject({ url: '/v1/actors?q=zakharova' })).json().data).toEqual([]);
    const restored = await t.app.inject({ method: 'POST', url: `/v1/actors/${actor.id}/restore`, headers: t.auth.write });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().aliases).toEqual(['Zakharova']);

    const history = (await t.app.inject({ url: `/v1/actors/${actor.id}/revisions` })).json();
    expect(history.data.map((r: { action: string }) => r.action)).toEqual(['create', 'update', 'delete', 'restore']);
    expect(history.data[1].before.aliases).toEqual(['Zajárova', 'Марія Захарова']);
    expect(history.data[1].after.aliases).toEqual(['Zakharova']);
  });

  it.each(['zajarova', 'Zajárova', 'ZAKHAROVA', 'zakharova', 'захарова', '  maria   ZAKHAROVA '])(
    'finds Maria Zakharova by name or alias with q=%s', async (q) => {
      await create(zakharova);
      await create({ name: 'Sergey Lavrov', kind: 'person' });
      const res = await t.app.inject({ url: `/v1/actors?q=${encodeURIComponent(q)}` });
      expect(res.statusCode).toBe(200);
      expect(names(res)).toEqual(['Maria Zakharova']);
    },
  );

  it('ranks exact matches first, then prefixes, then the rest, and pages through them', async () => {
    // Created worst match first, so that id order alone would give the wrong answer.
    await create({ name: 'Sergey Lavrov', kind: 'person' });
    await create({ name: 'Lavrova Anna', kind: 'person' });
    await create({ name: 'Lavrov', kind: 'person' });
    await create({ name: 'Foreign minister of Russia', kind: 'person', aliases: ['LAVROV'] });
    await create({ name: 'Antony Blinken', kind: 'person' });
    expect(names(await t.app.inject({ url: '/v1/actors?q=lavrov' }))).toEqual(['Lavrov', 'Foreign minister of Russia', 'Lavrova Anna', 'Sergey Lavrov']);

    const seen: string[] = [];
    let url = '/v1/actors?q=lavrov&limit=1';
    for (;;) {
      const res = await t.app.inject({ url });
      seen.push(...names(res));
      const next = res.json().next_cursor;
      if (next === null) break;
      expect(res.headers.link).toBe(`</v1/actors?q=lavrov&limit=1&cursor=${next}>; rel="next"`);
      url = `/v1/actors?q=lavrov&limit=1&cursor=${next}`;
    }
    expect(seen).toEqual(['Lavrov', 'Foreign minister of Russia', 'Lavrova Anna', 'Sergey Lavrov']);
  });

  it('treats LIKE wildcards in q literally', async () => {
    await create({ name: 'Lavrov', kind: 'person' });
    await create({ name: '100% Lavrov', kind: 'media' });
    expect(names(await t.app.inject({ url: '/v1/actors?q=%25' }))).toEqual(['100% Lavrov']);
    expect(names(await t.app.inject({ url: '/v1/actors?q=_' }))).toEqual([]);
  });

  it.each([
    ['kind=organization', ['Ministry of Foreign Affairs']],
    ['country=RU', ['Maria Zakharova', 'Ministry of Foreign Affairs']],
    ['wikidata_id=Q4491154', ['Maria Zakharova']],
    ['kind=person&country=US', ['Antony Blinken']],
    ['q=ministry&kind=person', []],
  ])('filters with %s', async (query, expected) => {
    await create({ ...zakharova, wikidata_id: 'Q4491154' });
    await create({ name: 'Ministry of Foreign Affairs', kind: 'organization', country: 'RU' });
    await create({ name: 'Antony Blinken', kind: 'person', country: 'US' });
    expect(names(await t.app.inject({ url: `/v1/actors?${query}` }))).toEqual(expected);
  });

  it('loads aliases and roles of a whole page with a fixed number of queries', async () => {
    const mfa = await create({ name: 'Ministry of Foreign Affairs', kind: 'organization' });
    for (let i = 0; i < 5; i++) await create({ name: `Person ${i}`, kind: 'person', aliases: [`P${i}`], roles: [{ title: 'Diplomat', organization_id: mfa.id }] });
    const statements: string[] = [];
    const sqlite = t.db.$client;
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => { statements.push(source); return prepare(source); }) as typeof sqlite.prepare;
    const res = await t.app.inject({ url: '/v1/actors' });
    sqlite.prepare = prepare;
    expect(res.json().data).toHaveLength(6);
    expect(res.json().data[5].roles[0].organization).toEqual({ id: mfa.id, name: 'Ministry of Foreign Affairs' });
    expect(statements.filter((s) => /actor_aliases|actor_roles/.test(s))).toHaveLength(2);
  });

  it('stores roles with partial dates, echoes their precision and embeds the organisation', async () => {
    const mfa = await create({ name: 'Ministry of Foreign Affairs of Russia', kind: 'organization', country: 'RU' });
    const lavrov = await create({
      name: 'Sergey Lavrov', kind: 'person',
      roles: [
        { title: 'Minister of Foreign Affairs', organization_id: mfa.id, start: '2004-03-09' },
        { title: 'Permanent Representative to the UN', start: '1994', end: '2004-03' },
      ],
    });
    expect(lavrov.roles).toEqual([
      { title: 'Minister of Foreign Affairs', organization_id: mfa.id, organization: { id: mfa.id, name: 'Ministry of Foreign Affairs of Russia' }, start: '2004-03-09', start_precision: 'day', end: null, end_precision: null },
      { title: 'Permanent Representative to the UN', organization_id: null, organization: null, start: '1994', start_precision: 'year', end: '2004-03', end_precision: 'month' },
    ]);
    const bounds = t.db.all<{ start_lo: string; start_hi: string; end_lo: string | null; end_hi: string | null }>(sql`SELECT start_lo, start_hi, end_lo, end_hi FROM actor_roles ORDER BY position`);
    expect(bounds).toEqual([
      { start_lo: '2004-03-09', start_hi: '2004-03-09', end_lo: null, end_hi: null },
      { start_lo: '1994-01-01', start_hi: '1994-12-31', end_lo: '2004-03-01', end_hi: '2004-03-31' },
    ]);

    const replaced = await t.app.inject({ method: 'PATCH', url: `/v1/actors/${lavrov.id}`, headers: t.auth.write, payload: { roles: [{ title: 'Minister', start: '2004' }] } });
    expect(replaced.json().roles).toEqual([{ title: 'Minister', organization_id: null, organization: null, start: '2004', start_precision: 'year', end: null, end_precision: null }]);
  });

  it('refuses to delete an organisation while another live actor holds a role in it, and names the counts', async () => {
    const mfa = await create({ name: 'Ministry of Foreign Affairs', kind: 'organization' });
    const lavrov = await create({ name: 'Sergey Lavrov', kind: 'person', roles: [{ title: 'Minister', organization_id: mfa.id }] });
    const refused = await t.app.inject({ method: 'DELETE', url: `/v1/actors/${mfa.id}`, headers: t.auth.write });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('1 role(s) of other actors');
    expect(refused.json().usage).toEqual({ as_speaker: 0, as_addressee: 0, as_object: 0, positions: 0, roles: 1 });
    expect((await t.app.inject({ url: `/v1/actors/${mfa.id}` })).statusCode).toBe(200);

    expect((await t.app.inject({ method: 'DELETE', url: `/v1/actors/${lavrov.id}`, headers: t.auth.write })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/actors/${mfa.id}`, headers: t.auth.write })).statusCode).toBe(204);
    const restore = await t.app.inject({ method: 'POST', url: `/v1/actors/${lavrov.id}/restore`, headers: t.auth.write });
    expect(restore.statusCode).toBe(422);
    expect(restore.json().errors[0].pointer).toBe('/roles/0/organization_id');
  });

  it('refuses a taken Wikidata id with 409 naming the existing actor', async () => {
    const first = await create({ ...zakharova, wikidata_id: 'Q4491154' });
    const other = await create({ name: 'Someone else', kind: 'person' });
    const dup = await t.app.inject({ method: 'POST', url: '/v1/actors', headers: t.auth.write, payload: { name: 'Duplicate', kind: 'person', wikidata_id: 'Q4491154' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().existing_id).toBe(first.id);
    const patch = await t.app.inject({ method: 'PATCH', url: `/v1/actors/${other.id}`, headers: t.auth.write, payload: { wikidata_id: 'Q4491154' } });
    expect(patch.statusCode).toBe(409);
    const same = await t.app.inject({ method: 'PATCH', url: `/v1/actors/${first.id}`, headers: t.auth.write, payload: { wikidata_id: 'Q4491154' } });
    expect(same.statusCode).toBe(200);
  });

  it('finds actors by name or alias and returns references in one call (repository)', async () => {
    const a = await create(zakharova);
    const b = await create({ name: 'Sergey Lavrov', kind: 'person' });
    const repo = createActorsRepository(t.db);
    expect(repo.namedOrAliased(fold('ZAJAROVA')).map((x) => x.id)).toEqual([a.id]);
    expect(repo.namedOrAliased(fold('maria zakharova')).map((x) => x.id)).toEqual([a.id]);
    expect(repo.namedOrAliased(fold('Zakharova'))).toEqual([]);
    expect(repo.refsByIds([b.id, a.id, b.id])).toEqual(new Map([[a.id, { id: a.id, name: 'Maria Zakharova' }], [b.id, { id: b.id, name: 'Sergey Lavrov' }]]));
    expect(repo.refsByIds([])).toEqual(new Map());
  });

  it.each([
    ['no key', undefined, 401],
    ['a read key', 'read', 403],
    ['a bad key', 'bad', 401],
  ] as const)('refuses a write with %s and writes nothing', async (_label, key, status) => {
    const headers = key === undefined ? {} : key === 'bad' ? { authorization: 'Bearer ws_nope' } : t.auth[key];
    const res = await t.app.inject({ method: 'POST', url: '/v1/actors', headers, payload: { ...zakharova, roles: [{ title: 'Spokeswoman' }] } });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect([count('actors'), count('actor_aliases'), count('actor_roles'), count('revisions')]).toEqual([0, 0, 0, 0]);
  });

  it.each([
    ['an unknown field', { colour: 'red' }, '/colour'],
    ['an unknown role field', { roles: [{ title: 'Minister', since: '2004' }] }, '/roles/0/since'],
    ['a bad Wikidata id', { wikidata_id: 'Q0123' }, '/wikidata_id'],
    ['a lower-case country', { country: 'ru' }, '/country'],
    ['a three-letter country', { country: 'RUS' }, '/country'],
    ['an unknown kind', { kind: 'robot' }, '/kind'],
    ['a blank name', { name: '   ' }, '/name'],
    ['a malformed date', { roles: [{ title: 'Minister', start: '2004-13' }] }, '/roles/0/start'],
    ['a day that does not exist', { roles: [{ title: 'Minister', start: '2021-02-30' }] }, '/roles/0/start'],
    ['a non-leap 29 February', { roles: [{ title: 'A' }, { title: 'Minister', end: '2021-02-29' }] }, '/roles/1/end'],
    ['a duplicate alias', { aliases: ['Zajárova', 'ZAJAROVA'] }, '/aliases/1'],
    ['an alias that is the name', { aliases: ['Zajárova', 'maria zakhárova'] }, '/aliases/1'],
  ])('answers 400 naming the pointer for %s', async (_label, fields, pointer) => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/actors', headers: t.auth.write, payload: { name: 'Maria Zakharova', kind: 'person', ...fields } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ in: 'body', pointer }));
    expect(count('actors')).toBe(0);
  });

  it('refuses a new name that an existing alias already spells, pointing at /name', async () => {
    const actor = await create(zakharova);
    const res = await t.app.inject({ method: 'PATCH', url: `/v1/actors/${actor.id}`, headers: t.auth.write, payload: { name: 'ZAJAROVA' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ pointer: '/name' })]);
    const both = await t.app.inject({ method: 'PATCH', url: `/v1/actors/${actor.id}`, headers: t.auth.write, payload: { name: 'Zajárova', aliases: ['Maria Zakharova'] } });
    expect(both.statusCode).toBe(200);
  });

  it.each([
    ['an organisation that does not exist', () => [{ title: 'Minister', organization_id: 'act_01JEG8S0V2Y6Q5H3N0W4X9Z7KD' }], '/roles/0/organization_id'],
    ['a deleted organisation', (deleted: string) => [{ title: 'Minister', organization_id: deleted }], '/roles/0/organization_id'],
    ['a role that ends before it starts', () => [{ title: 'Minister', start: '2004-03', end: '2004-02-29' }], '/roles/0/end'],
  ])('answers 422 for %s', async (_label, roles, pointer) => {
    const old = await create({ name: 'Old ministry', kind: 'organization' });
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/actors/${old.id}`, headers: t.auth.write })).statusCode).toBe(204);
    const res = await t.app.inject({ method: 'POST', url: '/v1/actors', headers: t.auth.write, payload: { name: 'Sergey Lavrov', kind: 'person', roles: roles(old.id) } });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ pointer }));
  });

  it('accepts a role that starts and ends within the same partial date', async () => {
    const actor = await create({ name: 'Sergey Lavrov', kind: 'person', roles: [{ title: 'Envoy', start: '2004-03-09', end: '2004-03' }] });
    expect(actor.roles[0]).toMatchObject({ start: '2004-03-09', end: '2004-03' });
  });

  it('refuses a role in the actor itself (422)', async () => {
    const actor = await create({ name: 'NATO', kind: 'organization' });
    const res = await t.app.inject({ method: 'PATCH', url: `/v1/actors/${actor.id}`, headers: t.auth.write, payload: { roles: [{ title: 'Member', organization_id: actor.id }] } });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].pointer).toBe('/roles/0/organization_id');
  });

  it.each([
    ['/v1/actors?colour=red', 400],
    ['/v1/actors?country=ru', 400],
    ['/v1/actors?kind=robot', 400],
    ['/v1/actors?q=', 400],
    ['/v1/actors?limit=501', 400],
    ['/v1/actors?cursor=garbage', 400],
    [`/v1/actors?q=x&cursor=${Buffer.from('["act_01JEG8S0V2Y6Q5H3N0W4X9Z7KD"]').toString('base64url')}`, 400],
    ['/v1/actors/not-an-id', 400],
    ['/v1/actors/act_01JEG8S0V2Y6Q5H3N0W4X9Z7KD', 404],
    ['/v1/actors/act_01JEG8S0V2Y6Q5H3N0W4X9Z7KD/revisions', 404],
  ])('GET %s answers %i as problem+json', async (url, status) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
