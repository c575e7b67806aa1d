// Claims as schema.org JSON-LD: the mapping (Quotation or Claim, ClaimReview with its Rating) and
// GET /v1/claims[/{id}] with Accept: application/ld+json.
import { beforeEach, describe, expect, it } from 'vitest';
import { claimDocument, claimNode, claimsDocument, JSONLD_MEDIA_TYPE, type SpeakerDetails } from '../../src/interchange/jsonld.js';
import type { ClaimT, FactCheckT } from '../../src/schemas/claims.js';
import { useTestApp } from '../helpers/app.js';
import { basics, post } from '../helpers/fixtures.js';

const article = (id: string, published_at: string | null) =>
  ({ id, url: `https://example.com/${id}`, title: `Title ${id}`, outlet: 'RT', published_at });
const source = (a: ReturnType<typeof article>) => ({ article_id: a.id, article: a, quote: 'q', start: null, end: null, cue: null, verbatim: false });

const later = article('art_B', '2021-12-04T08:00:00Z');
const earlier = article('art_A', '2021-12-03');
const check: FactCheckT = {
  id: 'fcr_1', publisher: 'AFP Fact Check', url: 'https://factcheck.afp.com/x', rating: 'False', rating_value: 1, best_rating: 5,
  worst_rating: 1, reviewed_on: '2021-12-10', created_at: '2026-01-01T00:00:00.000Z',
};
const claim = (over: Partial<ClaimT> = {}): ClaimT => ({
  id: 'clm_1', actor_id: 'act_L', speaker: { id: 'act_L', name: 'Sergey Lavrov' }, text: 'NATO is causing the situation to worsen.',
  kind: 'indirect_quote', said_on: '2021-12', said_on_precision: 'month', said_on_text: null, speaker_role: null, speaking_as: null,
  context: null, language: 'en', addressee_ids: [], object_ids: [],
  topics: [{ topic_id: 'top_1', topic: { id: 'top_1', slug: 'nato-expansion', name: 'NATO expansion' }, stance: 'opposes' }],
  status: 'unreviewed', origin: 'manual', confidence: null, sources: [source(later), source(earlier), source(later)], fact_checks: [],
  created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', ...over,
});
const lavrov: SpeakerDetails = { id: 'act_L', name: 'Sergey Lavrov', kind: 'person', wikidata_id: 'Q7747' };
const speakers = new Map([[lavrov.id, lavrov]]);

describe('JSON-LD mapping', () => {
  it('maps a reported claim to a Claim with its author, dateCreated, appearances and first appearance', () => {
    const node = claimNode(claim(), lavrov);
    expect(node).toMatchObject({
      '@type': 'Claim', '@id': '/v1/claims/clm_1', identifier: 'clm_1', text: 'NATO is causing the situation to worsen.',
      author: { '@type': 'Person', '@id': '/v1/actors/act_L', name: 'Sergey Lavrov', sameAs: 'https://www.wikidata.org/wiki/Q7747' },
      dateCreated: '2021-12', inLanguage: 'en',
      firstAppearance: { '@type': 'NewsArticle', '@id': '/v1/articles/art_A', headline: 'Title art_A', datePublished: '2021-12-03' },
      about: [{ '@type': 'Thing', name: 'NATO expansion', identifier: 'nato-expansion' }],
    });
    // Each article once, in source order; publisher as an Organization.
    expect((node.appearance as { '@id': string }[]).map((a) => a['@id'])).toEqual(['/v1/articles/art_B', '/v1/articles/art_A']);
    expect((node.appearance as object[])[0]).toEqual({
      '@type': 'NewsArticle', '@id': '/v1/articles/art_B', url: 'https://example.com/art_B', headline: 'Title art_B',
      publisher: { '@type': 'Organization', name: 'RT' }, datePublished: '2021-12-04T08:00:00Z',
    });
    expect(node).not.toHaveProperty('datePublished');
    expect(node).not.toHaveProperty('creator');
    expect(node).not.toHaveProperty('review');
  });

  it('maps a direct quote to a Quotation with its creator, part of its articles', () => {
    const node = claimNode(claim({ kind: 'direct_quote' }), lavrov);
    expect(node['@type']).toBe('Quotation');
    expect(node.creator).toMatchObject({ '@type': 'Person', name: 'Sergey Lavrov' });
    expect((node.isPartOf as { '@id': string }[]).map((a) => a['@id'])).toEqual(['/v1/articles/art_B', '/v1/articles/art_A']);
    expect(node).not.toHaveProperty('author');
    expect(node).not.toHaveProperty('appearance');
  });

  it('makes a speaker that is not a person an Organization, without sameAs when it has no Wikidata id', () => {
    const node = claimNode(claim(), { id: 'act_R', name: 'Russia', kind: 'country', wikidata_id: null });
    expect(node.author).toEqual({ '@type': 'Organization', '@id': '/v1/actors/act_R', name: 'Russia' });
  });

  it('leaves out what is unknown rather than writing null', () => {
    const node = claimNode(claim({ said_on: null, language: null, topics: [], sources: [source(article('art_C', null))] }), lavrov);
    expect(JSON.stringify(node)).not.toContain('null');
    expect(node).not.toHaveProperty('dateCreated');
    expect(node).not.toHaveProperty('about');
    expect(node.firstAppearance).toMatchObject({ '@id': '/v1/articles/art_C' });
  });

  it('adds each fact-check as a ClaimReview of the claim, with its Rating', () => {
    const reviews = claimNode(claim({ fact_checks: [check, { ...check, id: 'fcr_2', url: 'https://fullfact.org/y', publisher: 'Full Fact', rating: 'Misleading', rating_value: null, best_rating: null, worst_rating: null, reviewed_on: null }] }), lavrov).review as Record<string, unknown>[];
    expect(reviews).toHaveLength(2);
    expect(reviews[0]).toEqual({
      '@type': 'ClaimReview', url: 'https://factcheck.afp.com/x', claimReviewed: 'NATO is causing the situation to worsen.',
      itemReviewed: {
        '@type': 'Claim', '@id': '/v1/claims/clm_1', dateCreated: '2021-12',
        author: { '@type': 'Person', '@id': '/v1/actors/act_L', name: 'Sergey Lavrov', sameAs: 'https://www.wikidata.org/wiki/Q7747' },
        firstAppearance: expect.objectContaining({ '@id': '/v1/articles/art_A' }),
      },
      author: { '@type': 'Organization', name: 'AFP Fact Check' },
      datePublished: '2021-12-10',
      reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' },
    });
    expect(reviews[1]).toMatchObject({ author: { name: 'Full Fact' }, reviewRating: { '@type': 'Rating', alternateName: 'Misleading' } });
    expect(reviews[1]?.reviewRating).not.toHaveProperty('ratingValue');
    expect(reviews[1]).not.toHaveProperty('datePublished');
  });

  it('reviews a direct quote as a Claim with the same @id', () => {
    const node = claimNode(claim({ kind: 'direct_quote', fact_checks: [check] }), lavrov);
    const [review] = node.review as { itemReviewed: { '@type': string; '@id': string } }[];
    expect(review?.itemReviewed).toMatchObject({ '@type': 'Claim', '@id': node['@id'] });
  });

  it('wraps one claim with the schema.org context, and a page in a @graph', () => {
    expect(claimDocument(claim(), speakers)).toMatchObject({ '@context': 'https://schema.org', '@type': 'Claim' });
    const page = claimsDocument([claim(), claim({ id: 'clm_2', kind: 'direct_quote' })], speakers);
    expect(page['@context']).toBe('https://schema.org');
    expect(page['@graph'].map((n) => [n['@id'], n['@type']])).toEqual([['/v1/claims/clm_1', 'Claim'], ['/v1/claims/clm_2', 'Quotation']]);
  });
});

describe('JSON-LD over HTTP', () => {
  const t = useTestApp();
  let f: Awaited<ReturnType<typeof basics>>;
  let quoteId: string;
  let claimId: string;
  beforeEach(async () => {
    f = await basics(t);
    quoteId = (await post(t, '/v1/claims', {
      actor_id: f.lavrov.id, text: 'categorically unacceptable', kind: 'direct_quote', said_on: '2021-12-02',
      sources: [{ article_id: f.article.id, quote: 'categorically unacceptable' }],
    })).id;
    claimId = (await post(t, '/v1/claims', {
      actor_id: f.nato.id, text: 'NATO is causing the situation to worsen', kind: 'indirect_quote',
      sources: [{ article_id: f.article.id, quote: 'NATO is causing the situation to worsen' }],
    })).id;
    await post(t, `/v1/claims/${quoteId}/fact-checks`, { publisher: 'AFP Fact Check', url: 'https://factcheck.afp.com/x', rating: 'False', reviewed_on: '2021-12-10' });
  });
  const get = (url: string, accept?: string) => t.app.inject({ url, headers: accept === undefined ? {} : { accept } });

  it('answers a claim as JSON-LD when asked: a Quotation with its ClaimReview', async () => {
    const res = await get(`/v1/claims/${quoteId}`, JSONLD_MEDIA_TYPE);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
    expect(res.headers.vary).toMatch(/Accept/i);
    const doc = JSON.parse(res.body);
    expect(doc).toMatchObject({
      '@context': 'https://schema.org', '@type': 'Quotation', '@id': `/v1/claims/${quoteId}`, text: 'categorically unacceptable',
      creator: { '@type': 'Person', name: 'Sergey Lavrov' }, dateCreated: '2021-12-02',
      isPartOf: [{ '@type': 'NewsArticle', headline: 'Lavrov on NATO', datePublished: '2021-12-03', publisher: { name: 'RT' } }],
    });
    expect(doc.review).toEqual([expect.objectContaining({
      '@type': 'ClaimReview', url: 'https://factcheck.afp.com/x', datePublished: '2021-12-10',
      reviewRating: { '@type': 'Rating', alternateName: 'False' }, author: { '@type': 'Organization', name: 'AFP Fact Check' },
    })]);
  });

  it('makes an organisation\'s reported claim a Claim with an Organization author', async () => {
    const doc = JSON.parse((await get(`/v1/claims/${claimId}`, JSONLD_MEDIA_TYPE)).body);
    expect(doc).toMatchObject({ '@context': 'https://schema.org', '@type': 'Claim', author: { '@type': 'Organization', name: 'NATO' } });
    expect(doc).not.toHaveProperty('review');
  });

  it('keeps JSON the default and for Accept lists that prefer it', async () => {
    for (const accept of [undefined, '*/*', 'application/json', `application/json, ${JSONLD_MEDIA_TYPE};q=0.9`]) {
      const res = await get(`/v1/claims/${quoteId}`, accept);
      expect(res.headers['content-type'], String(accept)).toMatch(/^application\/json/);
      expect(res.json().fact_checks).toHaveLength(1);
    }
  });

  it('answers the claims list as a @graph of one page, with a Link to the next', async () => {
    const res = await get('/v1/claims?limit=1', JSONLD_MEDIA_TYPE);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
    const doc = JSON.parse(res.body);
    expect(doc['@context']).toBe('https://schema.org');
    expect(doc['@graph']).toHaveLength(1);
    expect(doc['@graph'][0]).toMatchObject({ '@type': 'Quotation', '@id': `/v1/claims/${quoteId}` });
    expect(res.headers.link).toMatch(/rel="next"/);
    const filtered = JSON.parse((await get('/v1/claims?rating=false', JSONLD_MEDIA_TYPE)).body);
    expect(filtered['@graph'].map((n: { identifier: string }) => n.identifier)).toEqual([quoteId]);
  });

  it('still answers 404 and 410 as problems when JSON-LD is asked for', async () => {
    expect((await get('/v1/claims/clm_01JEG8S0V2Y6Q5H3N0W4X9Z7KD', JSONLD_MEDIA_TYPE)).statusCode).toBe(404);
    await t.app.inject({ method: 'DELETE', url: `/v1/claims/${claimId}`, headers: t.auth.write });
    const res = await get(`/v1/claims/${claimId}`, JSONLD_MEDIA_TYPE);
    expect(res.statusCode).toBe(410);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
