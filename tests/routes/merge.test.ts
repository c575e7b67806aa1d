// POST /v1/actors/{id}/merge: everything moves to the target, old ids answer 308, and a restore undoes the merge.
import { describe, expect, it } from 'vitest';
import { post } from '../helpers/fixtures.js';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

const BODY = 'Zakharova said NATO was to blame. Lavrov said Zakharova was right. Mariya Zakharova told Blinken to stop.';
const UNKNOWN = 'act_01JEG8S0V2Y6Q5H3N0W4X9Z7KD';

interface Actor { id: string; name: string; aliases: string[]; wikidata_id: string | null; roles: { title: string; organization_id: string | null }[] }
interface Claim { id: string; actor_id: string; addressee_ids: string[]; object_ids: string[] }

const get = <T = Record<string, unknown>>(url: string) => t.app.inject({ url }).then((res) => {
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json<T>();
});
const merge = (target: string, from: unknown, headers: Record<string, string> = t.auth.write) =>
  t.app.inject({ method: 'POST', url: `/v1/actors/${target}/merge`, headers, payload: { from } });
const restore = (id: string) => t.app.inject({ method: 'POST', url: `/v1/actors/${id}/restore`, headers: t.auth.write });
const actions = async (id: string) => (await get<{ data: { action: string }[] }>(`/v1/actors/${id}/revisions`)).data.map((r) => r.action);
const revisionCount = () => t.db.$client.prepare('SELECT count(*) FROM revisions').pluck().get();
const actor = (name: string, more: Record<string, unknown> = {}) => post<Actor>(t, '/v1/actors', { name, kind: 'person', ...more });

/** Two records of one person, with claims, addressees, objects, a position and roles on both sides. */
async function duplicates() {
  const mfa = await actor('Ministry of Foreign Affairs of Russia', { kind: 'organization' });
  const nato = await actor('NATO', { kind: 'organization' });
  const target = await actor('Maria Zakharova', { aliases: ['Zakharova'], roles: [{ title: 'Spokeswoman', organization_id: mfa.id, start: '2015' }] });
  const source = await actor('Mariya Zakharova', {
    aliases: ['Zajárova', 'ZAKHAROVA'], wikidata_id: 'Q4491154', roles: [{ title: 'Deputy director', organization_id: mfa.id, start: '2011' }],
  });
  const lavrov = await actor('Sergey Lavrov', { roles: [{ title: 'Minister' }, { title: 'Mentor of the spokeswoman', organization_id: source.id }] });
  const article = await post(t, '/v1/articles', { title: 'Briefing', body: BODY, published_at: '2021-12-03' });
  const topic = await post(t, '/v1/topics', { slug: 'nato', name: 'NATO' });
  const claim = (actorId: string, quote: string, more: Record<string, unknown> = {}) => post<Claim>(t, '/v1/claims', {
    actor_id: actorId, text: quote, kind: 'direct_quote', sources: [{ article_id: article.id, quote }], ...more,
  });
  const bySource = await claim(source.id, 'Mariya Zakharova told Blinken to stop', { said_on: '2021-12-02', addressee_ids: [nato.id] });
  const byTarget = await claim(target.id, 'Zakharova said NATO was to blame', { said_on: '2021-12-02', addressee_ids: [source.id, nato.id] });
  const toBoth = await claim(lavrov.id, 'Lavrov said Zakharova was right', { addressee_ids: [source.id, target.id], object_ids: [source.id] });
  const deleted = await claim(source.id, 'NATO was to blame');
  expect((await t.app.inject({ method: 'DELETE', url: `/v1/claims/${deleted.id}`, headers: t.auth.write })).statusCode).toBe(204);
  const position = await post(t, '/v1/positions', { actor_id: source.id, topic_id: topic.id, stance: 'opposes', valid_from: '2021' });
  return { mfa, nato, target, source, lavrov, article, claims: { bySource, byTarget, toBoth, deleted }, position };
}

const claimOf = (id: string) => t.db.$client.prepare('SELECT actor_id FROM claims WHERE id = ?').pluck().get(id);

describe('merging actors', () => {
  it('moves everything to the target, hides the source and records exactly what moved', async () => {
    const f = await duplicates();
    const res = await merge(f.target.id, [f.source.id]);
    expect(res.statusCode, res.body).toBe(200);
    const merged = res.json<Actor>();
    expect(merged).toMatchObject({ id: f.target.id, name: 'Maria Zakharova', aliases: ['Zakharova', 'Mariya Zakharova', 'Zajárova'], wikidata_id: 'Q4491154' });
    expect(merged.roles.map((r) => r.title)).toEqual(['Spokeswoman', 'Deputy director']);
    expect(res.headers.etag).toBeDefined();

    // Claims as speaker (the deleted one too), addressees with the duplicate dropped, objects, positions, other actors' roles.
    expect([f.claims.bySource.id, f.claims.deleted.id].map(claimOf)).toEqual([f.target.id, f.target.id]);
    expect((await get<Claim>(`/v1/claims/${f.claims.bySource.id}`)).actor_id).toBe(f.target.id);
    expect((await get<Claim>(`/v1/claims/${f.claims.byTarget.id}`)).addressee_ids).toEqual([f.target.id, f.nato.id]);
    expect(await get<Claim>(`/v1/claims/${f.claims.toBoth.id}`)).toMatchObject({ addressee_ids: [f.target.id], object_ids: [f.target.id] });
    expect((await get<{ actor_id: string }>(`/v1/positions/${f.position.id}`)).actor_id).toBe(f.target.id);
    expect((await get<Actor>(`/v1/actors/${f.lavrov.id}`)).roles[1]).toMatchObject({ organization_id: f.target.id, organization: { id: f.target.id, name: 'Maria Zakharova' } });
    expect((await get<{ data: Claim[] }>(`/v1/actors/${f.target.id}/claims`)).data.map((c) => c.id).sort()).toEqual([f.claims.bySource.id, f.claims.byTarget.id].sort());

    // The source leaves lists and searches; its spellings now find the target.
    const ids = (await get<{ data: Actor[] }>('/v1/actors')).data.map((a) => a.id);
    expect(ids).toContain(f.target.id);
    expect(ids).not.toContain(f.source.id);
    expect((await get<{ data: Actor[] }>('/v1/actors?q=zajarova')).data.map((a) => a.id)).toEqual([f.target.id]);
    expect((await get<{ data: Actor[] }>('/v1/actors?wikidata_id=Q4491154')).data.map((a) => a.id)).toEqual([f.target.id]);

    // The old id keeps resolving; its history stays readable.
    const moved = await t.app.inject({ url: `/v1/actors/${f.source.id}` });
    expect(moved.statusCode).toBe(308);
    expect(moved.headers.location).toBe(`/v1/actors/${f.target.id}`);
    expect(await actions(f.source.id)).toEqual(['create', 'merge']);
    expect(await actions(f.target.id)).toEqual(['create', 'merge']);
    const [sourceMerge] = (await get<{ data: { before: Actor; after: Record<string, unknown> }[] }>(`/v1/actors/${f.source.id}/revisions`)).data.slice(1);
    expect(sourceMerge?.before).toMatchObject({ name: 'Mariya Zakharova', wikidata_id: 'Q4491154' });
    expect(sourceMerge?.after).toEqual({
      merged_into: f.target.id,
      moved: {
        aliases: [{ id: expect.any(Number), alias: 'Mariya Zakharova' }, { id: expect.any(Number), alias: 'Zajárova' }],
        roles: [expect.objectContaining({ actor_id: f.source.id, title: 'Deputy director', organization_id: f.mfa.id, start: '2011', position: 0 })],
        claims: [f.claims.bySource.id, f.claims.deleted.id].sort(),
        claim_addressees: { moved: [f.claims.byTarget.id], dropped: [{ claim_id: f.claims.toBoth.id, position: 0 }] },
        claim_objects: { moved: [f.claims.toBoth.id], dropped: [] },
        positions: [f.position.id],
        organization_roles: [expect.objectContaining({ actor_id: f.lavrov.id, title: 'Mentor of the spokeswoman', position: 1 })],
        wikidata_id: 'Q4491154',
      },
    });
    const targetMerge = (await get<{ data: { before: Actor; after: Actor & { merged: string[] } }[] }>(`/v1/actors/${f.target.id}/revisions`)).data[1];
    expect(targetMerge?.before.aliases).toEqual(['Zakharova']);
    expect(targetMerge?.after).toMatchObject({ aliases: merged.aliases, merged: [f.source.id] });
  });

  it('answers 409 to writes on a merged id, naming the actor it lives on in', async () => {
    const target = await actor('Maria Zakharova');
    const source = await actor('Mariya Zakharova');
    expect((await merge(target.id, [source.id])).statusCode).toBe(200);
    for (const [method, url, payload] of [
      ['PATCH', `/v1/actors/${source.id}`, { description: 'x' }],
      ['DELETE', `/v1/actors/${source.id}`, undefined],
      ['POST', `/v1/actors/${source.id}/merge`, { from: [target.id] }],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: t.auth.write, payload });
      expect(res.statusCode, `${method} ${url}`).toBe(409);
      expect(res.json()).toMatchObject({ merged_into: target.id, detail: expect.stringContaining(`merged into ${target.id}`) });
    }
  });

  it('follows chains of merges and undoes them in reverse order', async () => {
    const [a, b, c] = [await actor('Zakharova A'), await actor('Zakharova B'), await actor('Zakharova C')];
    const said = await post<Claim>(t, '/v1/claims', {
      actor_id: a.id, text: 'x', kind: 'paraphrase', sources: [{ article_id: (await post(t, '/v1/articles', { title: 'A' })).id, quote: 'x', verbatim: false }],
    });
    expect((await merge(b.id, [a.id])).statusCode).toBe(200);
    expect((await merge(c.id, [b.id])).statusCode).toBe(200);
    for (const id of [a.id, b.id]) {
      const res = await t.app.inject({ url: `/v1/actors/${id}` });
      expect([res.statusCode, res.headers.location]).toEqual([308, `/v1/actors/${c.id}`]);
    }
    expect((await get<Actor>(`/v1/actors/${c.id}`)).aliases).toEqual(['Zakharova B', 'Zakharova A']);
    expect(claimOf(said.id)).toBe(c.id);

    const early = await restore(a.id);
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toContain(`restore ${b.id} first`);
    expect((await restore(b.id)).statusCode).toBe(200);
    expect(claimOf(said.id)).toBe(b.id);
    expect((await restore(a.id)).statusCode).toBe(200);
    expect(claimOf(said.id)).toBe(a.id);
    expect((await get<Actor>(`/v1/actors/${a.id}`)).aliases).toEqual([]);
    expect((await get<Actor>(`/v1/actors/${b.id}`)).aliases).toEqual([]);
    expect((await get<Actor>(`/v1/actors/${c.id}`)).aliases).toEqual([]);
  });

  it('merges several sources at once, each recorded on its own', async () => {
    const target = await actor('Maria Zakharova');
    const one = await actor('Mariya Zakharova', { aliases: ['M. Zakharova'] });
    const two = await actor('Marija Sacharowa', { aliases: ['m. zakharova'] });
    const res = await merge(target.id, [one.id, two.id]);
    expect(res.json().aliases).toEqual(['Mariya Zakharova', 'M. Zakharova', 'Marija Sacharowa']);
    expect(await actions(one.id)).toEqual(['create', 'merge']);
    expect(await actions(two.id)).toEqual(['create', 'merge']);
    expect((await restore(one.id)).statusCode).toBe(200);
    expect((await get<Actor>(`/v1/actors/${target.id}`)).aliases).toEqual(['Marija Sacharowa']);
  });
});

describe('restoring a merged actor', () => {
  it('moves back exactly what the merge moved and records restores on both', async () => {
    const f = await duplicates();
    const sourceBefore = await get<Actor>(`/v1/actors/${f.source.id}`);
    const targetBefore = await get<Actor>(`/v1/actors/${f.target.id}`);
    const lavrovBefore = await get<Actor>(`/v1/actors/${f.lavrov.id}`);
    const claimsBefore = await Promise.all([f.claims.bySource, f.claims.byTarget, f.claims.toBoth].map((c) => get<Claim>(`/v1/claims/${c.id}`)));
    expect((await merge(f.target.id, [f.source.id])).statusCode).toBe(200);

    const res = await restore(f.source.id);
    expect(res.statusCode, res.body).toBe(200);
    const strip = ({ updated_at: _u, ...rest }: Actor & { updated_at?: string }) => rest;
    expect(strip(res.json())).toEqual(strip(sourceBefore));
    expect(strip(await get<Actor>(`/v1/actors/${f.source.id}`))).toEqual(strip(sourceBefore));
    expect(strip(await get<Actor>(`/v1/actors/${f.target.id}`))).toEqual(strip(targetBefore));
    expect(strip(await get<Actor>(`/v1/actors/${f.lavrov.id}`))).toEqual(strip(lavrovBefore));
    for (const before of claimsBefore) {
      const { updated_at: _u, ...now } = await get<Claim & { updated_at: string }>(`/v1/claims/${before.id}`);
      const { updated_at: _b, ...was } = before as Claim & { updated_at: string };
      expect(now).toEqual(was);
    }
    expect(claimOf(f.claims.deleted.id)).toBe(f.source.id);
    expect((await get<{ actor_id: string }>(`/v1/positions/${f.position.id}`)).actor_id).toBe(f.source.id);
    expect((await get<{ data: Actor[] }>('/v1/actors?q=mariya')).data.map((a) => a.id)).toEqual([f.source.id]);

    expect(await actions(f.source.id)).toEqual(['create', 'merge', 'restore']);
    expect(await actions(f.target.id)).toEqual(['create', 'merge', 'restore']);
    const last = (await get<{ data: { after: Record<string, unknown> }[] }>(`/v1/actors/${f.source.id}/revisions`)).data[2];
    expect(last?.after).toMatchObject({
      unmerged_from: f.target.id,
      not_moved_back: { aliases: [], roles: [], claims: [], claim_addressees: [], claim_objects: [], positions: [], organization_roles: [], wikidata_id: null },
    });
  });

  it('moves back what it still can and lists the rest in the restore revision', async () => {
    const f = await duplicates();
    const other = await post<Claim>(t, '/v1/claims', {
      actor_id: f.source.id, text: 'Lavrov said', kind: 'paraphrase', sources: [{ article_id: f.article.id, quote: 'Lavrov said' }],
    });
    expect((await merge(f.target.id, [f.source.id])).statusCode).toBe(200);
    // After the merge: a moved claim is deleted, another given to someone else, and a merged alias removed from the target.
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/claims/${f.claims.bySource.id}`, headers: t.auth.write })).statusCode).toBe(204);
    const reassign = await t.app.inject({ method: 'PATCH', url: `/v1/claims/${other.id}`, headers: t.auth.write, payload: { actor_id: f.lavrov.id } });
    expect(reassign.statusCode, reassign.body).toBe(200);
    const patch = await t.app.inject({ method: 'PATCH', url: `/v1/actors/${f.target.id}`, headers: t.auth.write, payload: { aliases: ['Zakharova', 'Mariya Zakharova'] } });
    expect(patch.statusCode, patch.body).toBe(200);

    const res = await restore(f.source.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ aliases: ['Zajárova', 'ZAKHAROVA'], wikidata_id: 'Q4491154' });
    expect(claimOf(f.claims.bySource.id)).toBe(f.source.id);
    expect(claimOf(other.id)).toBe(f.lavrov.id);
    expect((await get<Actor>(`/v1/actors/${f.target.id}`)).aliases).toEqual(['Zakharova']);
    const last = (await get<{ data: { after: Record<string, unknown> }[] }>(`/v1/actors/${f.source.id}/revisions`)).data.at(-1);
    expect(last?.after).toMatchObject({ not_moved_back: { aliases: ['Zajárova'], claims: [other.id], roles: [], positions: [] } });
  });

  it('still restores an actor that was only deleted', async () => {
    const a = await actor('Maria Zakharova');
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/actors/${a.id}`, headers: t.auth.write })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/v1/actors/${a.id}` })).statusCode).toBe(410);
    expect((await restore(a.id)).statusCode).toBe(200);
    expect(await actions(a.id)).toEqual(['create', 'delete', 'restore']);
  });
});

describe('merge errors', () => {
  it('honours If-Match on the target', async () => {
    const target = await actor('Maria Zakharova');
    const source = await actor('Mariya Zakharova');
    const etag = String((await t.app.inject({ url: `/v1/actors/${target.id}` })).headers.etag);
    await t.app.inject({ method: 'PATCH', url: `/v1/actors/${target.id}`, headers: t.auth.write, payload: { description: 'changed' } });
    const before = revisionCount();
    const stale = await merge(target.id, [source.id], { ...t.auth.write, 'if-match': etag });
    expect(stale.statusCode).toBe(412);
    expect(revisionCount()).toBe(before);
    const fresh = String((await t.app.inject({ url: `/v1/actors/${target.id}` })).headers.etag);
    expect((await merge(target.id, [source.id], { ...t.auth.write, 'if-match': fresh })).statusCode).toBe(200);
  });

  type Setup = { target: string; live: string; deleted: string; merged: string };
  it.each<[string, (s: Setup) => [string, unknown, Record<string, string>?], number, string?]>([
    ['an empty from', (s) => [s.target, []], 400, '/from'],
    ['a duplicate in from', (s) => [s.target, [s.live, s.live]], 400, '/from'],
    ['a malformed id', (s) => [s.target, ['not-an-id']], 400, '/from/0'],
    ['no key', (s) => [s.target, [s.live], {}], 401],
    ['a read key', (s) => [s.target, [s.live], t.auth.read], 403],
    ['an unknown target', (s) => [UNKNOWN, [s.live]], 404],
    ['a deleted target', (s) => [s.deleted, [s.live]], 410],
    ['a merged target', (s) => [s.merged, [s.live]], 409],
    ['the target itself in from', (s) => [s.target, [s.live, s.target]], 422, '/from/1'],
    ['an unknown source', (s) => [s.target, [UNKNOWN]], 422, '/from/0'],
    ['an already merged source', (s) => [s.target, [s.merged]], 422, '/from/0'],
    ['a deleted source', (s) => [s.target, [s.live, s.deleted]], 422, '/from/1'],
  ])('refuses %s with %i and changes nothing', async (_label, request, status, pointer) => {
    const s: Setup = { target: (await actor('Target')).id, live: (await actor('Live')).id, deleted: (await actor('Deleted')).id, merged: (await actor('Merged')).id };
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/actors/${s.deleted}`, headers: t.auth.write })).statusCode).toBe(204);
    expect((await merge((await actor('Elsewhere')).id, [s.merged])).statusCode).toBe(200);
    const before = revisionCount();
    const [target, from, headers] = request(s);
    const res = await merge(target, from, headers);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (pointer !== undefined) expect(res.json().errors).toContainEqual(expect.objectContaining({ pointer }));
    expect(revisionCount()).toBe(before);
    expect((await get<Actor>(`/v1/actors/${s.live}`)).name).toBe('Live');
  });

  it.each([
    ['a source holds a role in the target', 'source-in-target'],
    ['the target holds a role in a source', 'target-in-source'],
  ])('refuses with 422 when %s, as the target would hold a role in itself', async (_label, shape) => {
    const org = await actor('Ministry', { kind: 'organization' });
    const dup = await actor('The Ministry', { kind: 'organization', ...(shape === 'source-in-target' ? { roles: [{ title: 'Department', organization_id: org.id }] } : {}) });
    if (shape === 'target-in-source') {
      await t.app.inject({ method: 'PATCH', url: `/v1/actors/${org.id}`, headers: t.auth.write, payload: { roles: [{ title: 'Part', organization_id: dup.id }] } });
    }
    const res = await merge(org.id, [dup.id]);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ pointer: '/from/0', message: expect.stringContaining('role of the target in itself') })]);
    expect((await t.app.inject({ url: `/v1/actors/${dup.id}` })).statusCode).toBe(200);
  });

  it('documents the merge, the 308 and the 409 of a restore in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    const item = doc.paths['/v1/actors/{id}'];
    expect(item.get.responses['308']).toMatchObject({ headers: { location: expect.any(Object) } });
    expect(doc.paths['/v1/actors/{id}/merge'].post).toMatchObject({ operationId: 'mergeActors', tags: ['actors'] });
    expect(doc.paths['/v1/actors/{id}/merge'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/ActorMerge');
    expect(Object.keys(doc.paths['/v1/actors/{id}/restore'].post.responses)).toContain('409');
    expect(Object.keys(doc.paths['/v1/claims/{id}'].get.responses)).not.toContain('308');
  });
});

describe('sub-resources of a merged actor', () => {
  it.each(['claims', 'timeline', 'stance-changes?topic_id=TOPIC'])('GET /v1/actors/{merged}/%s answers 308 to the same path under the target', async (path) => {
    const target = await post(t, '/v1/actors', { name: 'Maria Zakharova', kind: 'person' });
    const source = await post(t, '/v1/actors', { name: 'Mariya Zakharova', kind: 'person' });
    const topic = await post(t, '/v1/topics', { slug: 'red-lines', name: 'Red lines' });
    const merged = await t.app.inject({ method: 'POST', url: `/v1/actors/${target.id}/merge`, headers: t.auth.write, payload: { from: [source.id] } });
    expect(merged.statusCode, merged.body).toBe(200);
    const suffix = path.replace('TOPIC', topic.id);
    const res = await t.app.inject({ url: `/v1/actors/${source.id}/${suffix}` });
    expect(res.statusCode).toBe(308);
    expect(res.headers.location).toBe(`/v1/actors/${target.id}/${suffix}`);
    expect((await t.app.inject({ url: String(res.headers.location) })).statusCode).toBe(200);
  });
});
