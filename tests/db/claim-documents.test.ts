// Claim documents: the stored JSON of each claim is what the API shows, and every change to anything a claim shows
// makes its stored document stale: no stored document ever differs from a fresh rendering. The app's background refresh
// runs meanwhile, so these tests never count on a document still being stale.
import { describe, expect, it } from 'vitest';
import { CLAIM_DOCUMENT_SQL, renderStaleDocuments } from '../../src/repositories/claim-documents.js';
import { useTestApp } from '../helpers/app.js';
import { basics, post } from '../helpers/fixtures.js';

const t = useTestApp();

interface Stored { id: string; body: string | null; fresh: string }
const documents = () => t.db.$client.prepare(`SELECT c.id, d.body, ${CLAIM_DOCUMENT_SQL} AS fresh
  FROM claims c JOIN claim_documents d ON d.claim_seq = c.seq ORDER BY c.seq`).all() as Stored[];
/** Stored documents that are not stale yet differ from what the claim is now: each one a claim shown out of date. */
const outOfDate = () => documents().filter((d) => d.body !== null && d.body !== d.fresh).map((d) => d.id);
const renderAll = () => { while (renderStaleDocuments(t.db, 1000) > 0); };
const stale = () => documents().filter((d) => d.body === null).map((d) => d.id);

async function send(method: 'PATCH' | 'POST' | 'DELETE', url: string, payload?: object) {
  const res = await t.app.inject({ method, url, headers: t.auth.write, ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res;
}
const get = async (url: string) => (await t.app.inject({ method: 'GET', url, headers: t.auth.read })).json();

async function world() {
  const b = await basics(t);
  const kremlin = await post(t, '/v1/actors', { name: 'Kremlin', kind: 'organization' });
  const said = await post(t, '/v1/claims', {
    actor_id: b.lavrov.id, text: 'NATO is causing the situation to worsen', kind: 'indirect_quote', said_on: '2021-12-02',
    topics: [{ topic_id: b.expansion.id, stance: 'opposes' }], addressee_ids: [b.nato.id], object_ids: [b.nato.id, kremlin.id],
    sources: [{ article_id: b.article.id, quote: 'NATO is causing the situation to worsen' }], confidence: 0.1 + 0.2,
  });
  const other = await post(t, '/v1/claims', {
    actor_id: b.nato.id, text: 'a springboard for confrontation', kind: 'direct_quote', said_on: '2021-12-03',
    sources: [{ article_id: b.article.id, quote: 'a springboard for confrontation' }],
  });
  return { ...b, kremlin, said, other };
}

describe('claim documents', () => {
  it('are rendered once, stored, and read back as the API showed the claim when it was written', async () => {
    const w = await world();
    expect(outOfDate()).toEqual([]);
    renderAll();
    expect(stale()).toEqual([]);
    const stored = documents().find((d) => d.id === w.said.id) as Stored;
    expect(JSON.parse(stored.body as string)).toEqual(w.said);
    expect(await get(`/v1/claims/${w.said.id}`)).toEqual(w.said);
    const page = await get(`/v1/claims?actor_id=${w.lavrov.id}`);
    expect(page.data).toEqual([w.said]);
    expect(w.said.speaking_as).toMatchObject({ title: 'Minister of Foreign Affairs', organization: { id: w.ministry.id } });
    expect(w.said.confidence).toBe(0.1 + 0.2); // 0.30000000000000004, every digit kept
  });

  it('become stale on every change to anything they show', async () => {
    const w = await world();
    renderAll();
    const changes: [string, () => Promise<unknown>, () => Promise<void>][] = [
      ['speaker renamed', () => send('PATCH', `/v1/actors/${w.lavrov.id}`, { name: 'Sergei Lavrov' }),
        async () => expect((await get(`/v1/claims/${w.said.id}`)).speaker.name).toBe('Sergei Lavrov')],
      ['organisation of the role renamed', () => send('PATCH', `/v1/actors/${w.ministry.id}`, { name: 'MFA of Russia' }),
        async () => expect((await get(`/v1/claims/${w.said.id}`)).speaking_as.organization.name).toBe('MFA of Russia')],
      ['roles replaced', () => send('PATCH', `/v1/actors/${w.lavrov.id}`, { roles: [{ title: 'Spokesman', start: '2021', end: null }] }),
        async () => expect((await get(`/v1/claims/${w.said.id}`)).speaking_as).toEqual({ title: 'Spokesman', organization: null, start: '2021', end: null })],
      ['first role of a speaker that had none', () => send('PATCH', `/v1/actors/${w.nato.id}`, { roles: [{ title: 'Alliance', start: '1949', end: null }] }),
        async () => expect((await get(`/v1/claims/${w.other.id}`)).speaking_as).toEqual({ title: 'Alliance', organization: null, start: '1949', end: null })],
      ['article retitled', () => send('PATCH', `/v1/articles/${w.article.id}`, { title: 'Lavrov warns NATO', outlet: 'TASS' }),
        async () => expect((await get(`/v1/claims/${w.other.id}`)).sources[0].article).toMatchObject({ title: 'Lavrov warns NATO', outlet: 'TASS' })],
      ['article redated', () => send('PATCH', `/v1/articles/${w.article.id}`, { published_at: '2021-12-04' }),
        async () => expect((await get(`/v1/claims/${w.other.id}`)).sources[0].article.published_at).toBe('2021-12-04')],
      ['topic renamed', () => send('PATCH', `/v1/topics/${w.expansion.id}`, { name: 'NATO enlargement', slug: 'nato-enlargement' }),
        async () => expect((await get(`/v1/claims/${w.said.id}`)).topics[0].topic).toMatchObject({ name: 'NATO enlargement', slug: 'nato-enlargement' })],
      ['fact-check added', () => send('POST', `/v1/claims/${w.other.id}/fact-checks`, { publisher: 'AFP', url: 'https://afp.example/1', rating: 'False', rating_value: 1, best_rating: 5 }),
        async () => expect((await get(`/v1/claims/${w.other.id}`)).fact_checks).toMatchObject([{ publisher: 'AFP', rating_value: 1, best_rating: 5 }])],
      ['fact-check removed', async () => {
        const [check] = (await get(`/v1/claims/${w.other.id}/fact-checks`)).data as { id: string }[];
        return send('DELETE', `/v1/claims/${w.other.id}/fact-checks/${check?.id}`);
      }, async () => expect((await get(`/v1/claims/${w.other.id}`)).fact_checks).toEqual([])],
      ['claim edited', () => send('PATCH', `/v1/claims/${w.said.id}`, { text: 'NATO makes it worse', addressee_ids: [], object_ids: [w.kremlin.id], topics: [], confidence: 0.5 }),
        async () => expect(await get(`/v1/claims/${w.said.id}`)).toMatchObject({ text: 'NATO makes it worse', addressee_ids: [], object_ids: [w.kremlin.id], topics: [], confidence: 0.5 })],
      ['claim deleted', () => send('DELETE', `/v1/claims/${w.other.id}`),
        async () => expect((await get(`/v1/actors/${w.nato.id}/claims`)).data).toEqual([])],
      ['claim restored', () => send('POST', `/v1/claims/${w.other.id}/restore`),
        async () => expect((await get(`/v1/actors/${w.nato.id}/claims`)).data).toHaveLength(1)],
      ['speaker merged into another actor', () => send('POST', `/v1/actors/${w.kremlin.id}/merge`, { from: [w.nato.id] }),
        async () => expect(await get(`/v1/claims/${w.other.id}`)).toMatchObject({ actor_id: w.kremlin.id, speaker: { id: w.kremlin.id, name: 'Kremlin' } })],
    ];
    for (const [what, change, check] of changes) {
      await change();
      // A trigger that missed the change would leave the old body in place (the server's background refresh only
      // renders stale ones), so this is the check that every change marks what it touches.
      expect(outOfDate(), what).toEqual([]);
      await check(); // read stale (rendered on the fly) unless the background refresh was quicker
      renderAll();
      await check(); // read from the stored document
      const fresh = documents().map((d) => d.fresh);
      expect(documents().map((d) => d.body), what).toEqual(fresh);
    }
  });

  it('are sent by id as stored, with the ETag of the claim: JSON.stringify of the parsed text is the text', async () => {
    const b = await basics(t);
    const text = 'He said: "no" \\ then\n\tpaused\u0001\u001f\u007f \u2028 ü 👍 — twice';
    const body = `${b.article.id} ${text}`;
    const article = await post(t, '/v1/articles', { title: 'Escapes', body });
    const claim = await post(t, '/v1/claims', {
      actor_id: b.lavrov.id, text, kind: 'direct_quote', said_on: '2021-12-02', confidence: 1 / 3,
      sources: [{ article_id: article.id, quote: text, cue: 'said:\n' }],
    });
    renderAll();
    const res = await t.app.inject({ method: 'GET', url: `/v1/claims/${claim.id}` });
    expect(res.statusCode).toBe(200);
    expect(JSON.stringify(JSON.parse(res.body))).toBe(res.body);
    expect(res.json()).toEqual(claim);
    const etag = res.headers.etag as string;
    expect((await t.app.inject({ method: 'GET', url: `/v1/claims/${claim.id}`, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    const patched = await t.app.inject({ method: 'PATCH', url: `/v1/claims/${claim.id}`, headers: { ...t.auth.write, 'if-match': etag }, payload: { status: 'verified' } });
    expect(patched.statusCode, patched.body).toBe(200);
    const stale = await t.app.inject({ method: 'PATCH', url: `/v1/claims/${claim.id}`, headers: { ...t.auth.write, 'if-match': etag }, payload: { status: 'disputed' } });
    expect(stale.statusCode).toBe(412);
    await send('DELETE', `/v1/claims/${claim.id}`);
    expect((await t.app.inject({ method: 'GET', url: `/v1/claims/${claim.id}` })).statusCode).toBe(410);
    expect((await t.app.inject({ method: 'GET', url: '/v1/claims/clm_01M8GW7PD2DWN76MTWB5S5Q0N4' })).statusCode).toBe(404);
  });

  it('are left alone by changes that do not show in a claim', async () => {
    const w = await world();
    renderAll();
    // Every document made stale is logged, so that the background refresh rendering it again cannot hide it.
    t.db.$client.exec(`CREATE TEMP TABLE staled (claim_seq INTEGER);
      CREATE TEMP TRIGGER log_staled AFTER UPDATE OF body ON claim_documents WHEN NEW.body IS NULL
      BEGIN INSERT INTO staled VALUES (NEW.claim_seq); END;`);
    try {
      await send('PATCH', `/v1/actors/${w.lavrov.id}`, { aliases: ['S. Lavrov'] });
      await send('PATCH', `/v1/articles/${w.article.id}`, { language: 'ru' });
      expect(stale()).toEqual([]);
      expect(t.db.$client.prepare('SELECT claim_seq FROM staled').all()).toEqual([]);
      // The log works: a change that shows in a claim is caught by it.
      await send('PATCH', `/v1/actors/${w.lavrov.id}`, { name: 'Sergei V. Lavrov' });
      expect(t.db.$client.prepare('SELECT count(*) AS n FROM staled').get()).not.toEqual({ n: 0 });
    } finally {
      t.db.$client.exec('DROP TRIGGER temp.log_staled; DROP TABLE temp.staled;');
    }
  });
});
