// Claims as schema.org JSON-LD: a direct quote as a Quotation, any other claim as a Claim, each
// fact-check as a ClaimReview of it (Google's ClaimReview markup). Pure mapping, no I/O.
import type { ACTOR_KINDS } from '../db/schema.js';
import type { ClaimT, FactCheckT } from '../schemas/claims.js';

export const JSONLD_MEDIA_TYPE = 'application/ld+json';
export const SCHEMA_ORG = 'https://schema.org';

/** What a claim's author node needs beyond the speaker's {id, name}. */
export interface SpeakerDetails {
  id: string;
  name: string;
  kind: (typeof ACTOR_KINDS)[number];
  wikidata_id: string | null;
}

export type JsonLdNode = { '@type': string | string[]; '@id'?: string } & { [key: string]: unknown };

/** Node ids are paths of this API: relative IRIs that resolve against the URL the document was read from. */
export const claimIri = (id: string) => `/v1/claims/${id}`;
const actorIri = (id: string) => `/v1/actors/${id}`;
const articleIri = (id: string) => `/v1/articles/${id}`;

/** The node without its null, undefined and empty-list properties: JSON-LD drops them anyway. */
function compact<T extends Record<string, unknown>>(node: T): T {
  return Object.fromEntries(Object.entries(node).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))) as T;
}

/** The speaker as a schema.org Person or Organization (states, groups and media are organisations here). */
export function agent(speaker: SpeakerDetails): JsonLdNode {
  return compact({
    '@type': speaker.kind === 'person' ? 'Person' : 'Organization',
    '@id': actorIri(speaker.id),
    name: speaker.name,
    sameAs: speaker.wikidata_id === null ? null : `https://www.wikidata.org/wiki/${speaker.wikidata_id}`,
  });
}

type Article = ClaimT['sources'][number]['article'];

function newsArticle(a: Article): JsonLdNode {
  return compact({
    '@type': 'NewsArticle',
    '@id': articleIri(a.id),
    url: a.url,
    headline: a.title,
    publisher: a.outlet === null ? null : { '@type': 'Organization', name: a.outlet },
    datePublished: a.published_at,
  });
}

/** The articles that report the claim, each once, in source order. */
function articles(claim: ClaimT): Article[] {
  const seen = new Map<string, Article>();
  for (const s of claim.sources) if (!seen.has(s.article.id)) seen.set(s.article.id, s.article);
  return [...seen.values()];
}

/** The earliest published of the claim's articles (an undated one only when none is dated). */
function first(list: Article[]): Article | undefined {
  const dated = list.filter((a) => a.published_at !== null).sort((a, b) => (a.published_at as string).localeCompare(b.published_at as string));
  return dated[0] ?? list[0];
}

/**
 * One fact-check as a ClaimReview. itemReviewed is the claim as a Claim (what Google's markup
 * expects), sharing the claim node's @id: a reviewed direct quote is both a Quotation and a Claim.
 */
export function claimReview(claim: ClaimT, check: FactCheckT, speaker: SpeakerDetails): JsonLdNode {
  const firstArticle = first(articles(claim));
  return compact({
    '@type': 'ClaimReview',
    url: check.url,
    claimReviewed: claim.text,
    itemReviewed: compact({
      '@type': 'Claim',
      '@id': claimIri(claim.id),
      author: agent(speaker),
      dateCreated: claim.said_on,
      firstAppearance: firstArticle === undefined ? null : newsArticle(firstArticle),
    }),
    author: { '@type': 'Organization', name: check.publisher },
    datePublished: check.reviewed_on,
    reviewRating: compact({
      '@type': 'Rating',
      ratingValue: check.rating_value,
      bestRating: check.best_rating,
      worstRating: check.worst_rating,
      alternateName: check.rating,
    }),
  });
}

/**
 * A claim as a node: a Quotation (creator, isPartOf the articles) for a direct quote, else a Claim
 * (author, appearance, firstAppearance). dateCreated is when it was said, as a partial ISO 8601
 * date; publication dates belong to the articles. Fact-checks are its `review`s.
 */
export function claimNode(claim: ClaimT, speaker: SpeakerDetails): JsonLdNode {
  const quote = claim.kind === 'direct_quote';
  const reported = articles(claim).map(newsArticle);
  const firstArticle = first(articles(claim));
  return compact({
    '@type': quote ? 'Quotation' : 'Claim',
    '@id': claimIri(claim.id),
    identifier: claim.id,
    text: claim.text,
    ...(quote ? { creator: agent(speaker), isPartOf: reported } : {
      author: agent(speaker),
      appearance: reported,
      firstAppearance: firstArticle === undefined ? null : newsArticle(firstArticle),
    }),
    dateCreated: claim.said_on,
    inLanguage: claim.language,
    about: claim.topics.map((t) => ({ '@type': 'Thing', name: t.topic.name, identifier: t.topic.slug })),
    review: claim.fact_checks.map((check) => claimReview(claim, check, speaker)),
  });
}

/** The speaker of a claim: its details when known, else its {id, name} as an organisation of unknown kind. */
const speakerOf = (claim: ClaimT, speakers: ReadonlyMap<string, SpeakerDetails>): SpeakerDetails =>
  speakers.get(claim.actor_id) ?? { id: claim.speaker.id, name: claim.speaker.name, kind: 'other', wikidata_id: null };

/** The document for one claim: its node with the schema.org context. */
export function claimDocument(claim: ClaimT, speakers: ReadonlyMap<string, SpeakerDetails>): JsonLdNode & { '@context': string } {
  return { '@context': SCHEMA_ORG, ...claimNode(claim, speakerOf(claim, speakers)) };
}

/** The document for a page of claims: their nodes in a @graph. */
export function claimsDocument(claims: ClaimT[], speakers: ReadonlyMap<string, SpeakerDetails>): { '@context': string; '@graph': JsonLdNode[] } {
  return { '@context': SCHEMA_ORG, '@graph': claims.map((c) => claimNode(c, speakerOf(c, speakers))) };
}
