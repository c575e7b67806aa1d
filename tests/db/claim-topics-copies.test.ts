// claim_topics keeps copies of its claim's speaker, dates and deletion (migration 0007), from which stances and
// networks are read: after every kind of write that touches them, no copy differs from its claim.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { basics, post } from '../helpers/fixtures.js';

const t = useTestApp();

/** claim_topics rows whose copies differ from their claim's columns, as claim id and topic id. */
const differing = () => t.db.$client.prepare(`SELECT ct.claim_id, ct.topic_id FROM claim_topics ct JOIN claims c ON c.id = ct.claim_id
  WHERE ct.actor_id IS NOT c.actor_id OR ct.said_on_lo IS NOT c.said_on_lo OR ct.said_on_hi IS NOT c.said_on_hi
    OR ct.claim_deleted_at IS NOT c.deleted_at`).all();
const rows = () => (t.db.$client.prepare('SELECT count(*) AS n FROM claim_topics').get() as { n: number }).n;

async function send(method: 'PATCH' | 'POST' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method, url, headers: { ...t.auth.write, ...headers }, ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res;
}

describe('claim_topics copies of their claim', () => {
  it('follow every write to the claim, its topics or its speaker', async () => {
    const b = await basics(t);
    const other = await post(t, '/v1/topics', { slug: 'security-guarantees', name: 'Security guarantees' });
    const claim = await post(t, '/v1/claims', {
      actor_id: b.lavrov.id, text: 'NATO is causing the situation to worsen', kind: 'indirect_quote', said_on: '2021-12-02',
      topics: [{ topic_id: b.expansion.id, stance: 'opposes' }], sources: [{ article_id: b.article.id, quote: 'NATO is causing the situation to worsen' }],
    });
    const changes: [string, () => Promise<unknown>][] = [
      ['claim created with a topic', async () => undefined],
      ['said_on made a month', () => send('PATCH', `/v1/claims/${claim.id}`, { said_on: '2021-11' })],
      ['a second topic', () => send('PATCH', `/v1/claims/${claim.id}`, {
        topics: [{ topic_id: b.expansion.id, stance: 'opposes' }, { topic_id: other.id, stance: 'supports' }] })],
      ['said_on removed', () => send('PATCH', `/v1/claims/${claim.id}`, { said_on: null })],
      ['speaker changed', () => send('PATCH', `/v1/claims/${claim.id}`, { actor_id: b.nato.id, said_on: '2022' })],
      ['claim deleted', () => send('DELETE', `/v1/claims/${claim.id}`)],
      ['claim restored', () => send('POST', `/v1/claims/${claim.id}/restore`)],
      ['speaker merged into another actor', () => send('POST', `/v1/actors/${b.lavrov.id}/merge`, { from: [b.nato.id] })],
      ['claims imported', () => send('POST', '/v1/import', [
        { type: 'claim', speaker: 'Sergey Lavrov', kind: 'direct_quote', text: 'a springboard for confrontation', said_on: '2021-12-03',
          topics: [{ topic: 'security-guarantees', stance: 'opposes' }], sources: [{ article: b.article.id, quote: 'a springboard for confrontation' }] },
      ].map((r) => JSON.stringify(r)).join('\n') as unknown as object, { 'content-type': 'application/x-ndjson' })],
    ];
    for (const [what, change] of changes) {
      await change();
      expect(differing(), what).toEqual([]);
    }
    expect(rows()).toBe(3);
    const copies = t.db.$client.prepare('SELECT actor_id, said_on_lo, said_on_hi, claim_deleted_at FROM claim_topics WHERE claim_id = ?').all(claim.id);
    expect(copies).toEqual([
      { actor_id: b.lavrov.id, said_on_lo: '2022-01-01', said_on_hi: '2022-12-31', claim_deleted_at: null },
      { actor_id: b.lavrov.id, said_on_lo: '2022-01-01', said_on_hi: '2022-12-31', claim_deleted_at: null },
    ]);
  });
});
