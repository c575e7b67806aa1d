// What a user of the API does, through a client typed only by the types generated from openapi.yaml.
// tests/contract/client.test.ts generates those types, type-checks this file against them, then runs it on a real listener.
import createClient from 'openapi-fetch';
import type { components, paths } from './generated/schema.js';

type Schemas = components['schemas'];
export type Article = Schemas['Article'];
export type Actor = Schemas['Actor'];
export type Claim = Schemas['Claim'];
export type Problem = Schemas['Problem'];

/** JSON bodies and problem details only: the journeys never ask for CSV, NDJSON or JSON-LD. */
type Media = 'application/json' | 'application/problem+json';

export function connect(baseUrl: string, key?: string) {
  return createClient<paths, Media>({ baseUrl, headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });
}
export type Client = ReturnType<typeof connect>;

/** A failed request as the client sees it: the status, the media type and the body typed as the Problem component. */
export interface Failure { status: number; contentType: string | null; problem: Problem }

/** The body of a successful answer; anything else is a failed journey. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok || result.data === undefined) {
    throw new Error(`${result.response.status} ${result.response.url}: ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

/** The problem of a failed answer. Its error type must be the Problem component, or this file does not compile. */
function failure(result: { error?: Problem; response: Response }): Failure {
  if (result.error === undefined) throw new Error(`${result.response.status} ${result.response.url}: expected a problem`);
  return { status: result.response.status, contentType: result.response.headers.get('content-type'), problem: result.error };
}

export const QUOTE = 'The harbour must stay open to every ship that keeps the rules.';
const ARTICLE_BODY = `Speaking at the quay on Thursday, the mayor was blunt. "${QUOTE}" She added that the council would decide by spring.`;

export interface Recorded { article: Article; speaker: Actor; addressee: Actor; claim: Claim }

export async function topicId(client: Client, slug: string): Promise<string> {
  const found = ok(await client.GET('/v1/topics', { params: { query: { q: slug } } })).data.find((t) => t.slug === slug);
  if (found === undefined) throw new Error(`no topic ${slug}`);
  return found.id;
}

/** Records an article, its speaker and addressee, and a claim quoted from the article about a topic. */
export async function recordClaim(client: Client, topic: string, saidOn: string): Promise<Recorded> {
  const article = ok(await client.POST('/v1/articles', {
    body: { title: 'Mayor: the harbour stays open', outlet: 'Harbour Gazette', url: 'https://gazette.example/harbour-open',
      published_at: saidOn, language: 'en', body: ARTICLE_BODY },
  }));
  const speaker = ok(await client.POST('/v1/actors', { body: { name: 'Ada Quill', kind: 'person', aliases: ['Mayor Quill'] } }));
  const addressee = ok(await client.POST('/v1/actors', { body: { name: 'Harbour Council', kind: 'organization' } }));
  const claim = ok(await client.POST('/v1/claims', {
    body: {
      actor_id: speaker.id, text: QUOTE, kind: 'direct_quote', said_on: saidOn, language: 'en', addressee_ids: [addressee.id],
      topics: [{ topic_id: topic, stance: 'opposes' }], sources: [{ article_id: article.id, quote: QUOTE, cue: 'was blunt' }],
    },
  }));
  return { article, speaker, addressee, claim };
}

export async function claimsBySpeakerId(client: Client, actorId: string): Promise<Claim[]> {
  return ok(await client.GET('/v1/claims', { params: { query: { actor_id: [actorId], limit: 500 } } })).data;
}

export async function claimsBySpeakerName(client: Client, name: string): Promise<Claim[]> {
  return ok(await client.GET('/v1/claims', { params: { query: { speaker: name, limit: 500 } } })).data;
}

export async function claimsAboutTopic(client: Client, id: string, stance?: Claim['topics'][number]['stance']): Promise<Claim[]> {
  const query = { topic_id: [id], limit: 500, ...(stance === undefined ? {} : { stance: [stance] }) };
  return ok(await client.GET('/v1/claims', { params: { query } })).data;
}

/** Claims said within [from, to], earliest first. */
export async function claimsSaidBetween(client: Client, from: string, to: string): Promise<Claim[]> {
  return ok(await client.GET('/v1/claims', { params: { query: { said_from: from, said_to: to, date_match: 'within', sort: 'said_on', limit: 500 } } })).data;
}

export interface Page { ids: string[]; nextCursor: string | null; link: string | null }

/** Every page of the claim list, following next_cursor until it is null. */
export async function pageThroughClaims(client: Client, limit: number): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | undefined;
  do {
    const result = await client.GET('/v1/claims', { params: { query: { limit, ...(cursor === undefined ? {} : { cursor }) } } });
    const page = ok(result);
    pages.push({ ids: page.data.map((c) => c.id), nextCursor: page.next_cursor, link: result.response.headers.get('link') });
    cursor = page.next_cursor ?? undefined;
    if (pages.length > 1000) throw new Error('the list does not end');
  } while (cursor !== undefined);
  return pages;
}

/** A write without a key. */
export async function createArticleWithoutKey(anonymous: Client): Promise<Failure> {
  return failure(await anonymous.POST('/v1/articles', { body: { title: 'Unauthorised' } }));
}

export async function getClaim(client: Client, id: string): Promise<Claim> {
  return ok(await client.GET('/v1/claims/{id}', { params: { path: { id } } }));
}

/** A read of a claim that does not exist. */
export async function getMissingClaim(client: Client, id: string): Promise<Failure> {
  return failure(await client.GET('/v1/claims/{id}', { params: { path: { id } } }));
}

/** A claim whose quote is not in the article it cites. */
export async function claimWithAbsentQuote(client: Client, recorded: Recorded): Promise<Failure> {
  return failure(await client.POST('/v1/claims', {
    body: {
      actor_id: recorded.speaker.id, text: 'The harbour will close.', kind: 'direct_quote',
      sources: [{ article_id: recorded.article.id, quote: 'The harbour will close.' }],
    },
  }));
}

/** A list with a parameter the API does not have: the typed query cannot say it, so the serializer adds it. */
export async function listClaimsWithUnknownParameter(client: Client, name: string): Promise<Failure> {
  return failure(await client.GET('/v1/claims', {
    params: { query: { limit: 5 } },
    querySerializer: (query) => new URLSearchParams({ ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])), [name]: '1' }).toString(),
  }));
}
