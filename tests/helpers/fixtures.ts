// Small records created through the API, for tests that need something to point at.
import { expect } from 'vitest';
import type { TestApp } from './app.js';

export const BODY =
  'Russian Foreign Minister Sergey Lavrov said on Thursday that NATO is causing the situation to worsen. ' +
  'He stressed that it is "categorically unacceptable" for neighbours to become "a springboard for confrontation".';

export async function post<T = Record<string, unknown>>(t: TestApp, url: string, payload: unknown): Promise<T & { id: string }> {
  const res = await t.app.inject({ method: 'POST', url, headers: t.auth.write, payload: payload as Record<string, unknown> });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<T & { id: string }>();
}

export async function basics(t: TestApp) {
  const ministry = await post(t, '/v1/actors', { name: 'Ministry of Foreign Affairs of Russia', kind: 'organization' });
  const lavrov = await post(t, '/v1/actors', {
    name: 'Sergey Lavrov', kind: 'person', aliases: ['Lavrov'],
    roles: [
      { title: 'Ambassador to the United Nations', start: '1994', end: '2004-03-08' },
      { title: 'Minister of Foreign Affairs', organization_id: ministry.id, start: '2004-03-09', end: null },
    ],
  });
  const nato = await post(t, '/v1/actors', { name: 'NATO', kind: 'organization', aliases: ['the Alliance'] });
  const article = await post(t, '/v1/articles', { title: 'Lavrov on NATO', outlet: 'RT', published_at: '2021-12-03', language: 'en', body: BODY });
  const expansion = await post(t, '/v1/topics', { slug: 'nato-eastward-expansion', name: "NATO's eastward expansion" });
  return { ministry, lavrov, nato, article, expansion };
}
