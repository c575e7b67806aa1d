// Article schemas: the news articles that claims are quoted from.
import { Type, type Static } from '@sinclair/typebox';
import { ActorRef } from './actors.js';
import type { ClaimT } from './claims.js';
import { ActorKind, ArticleId, ClaimId, ListQuery, NextCursor, Nullable, StringEnum, Timestamp } from './common.js';

/** A calendar date, or an RFC 3339 date-time with a time zone. */
export const PUBLISHED_AT_PATTERN =
  '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])' +
  '([Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9]))?$';
const LANGUAGE_PATTERN = '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$';
const HOST_PATTERN = '^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$';

const url = Type.String({ minLength: 1, maxLength: 4096, description: 'Address of the article (http or https).', examples: ['https://www.reuters.com/world/europe/lavrov-says-2021-12-02/'] });
const title = Type.String({ minLength: 1, maxLength: 1000, description: 'Headline as published.' });
const outlet = Type.String({ minLength: 1, maxLength: 300, description: 'Name of the publisher.', examples: ['Reuters'] });
const outletDomain = Type.String({ maxLength: 253, pattern: HOST_PATTERN, description: 'Web domain of the publisher, lower-cased.', examples: ['reuters.com'] });
const author = Type.String({ minLength: 1, maxLength: 300, description: 'Name of one author as credited.' });
const publishedAt = Type.String({
  pattern: PUBLISHED_AT_PATTERN,
  description: 'When the article was published: a date (YYYY-MM-DD) or an RFC 3339 date-time, which is stored in UTC.',
  examples: ['2021-12-02', '2021-12-02T09:30:00.000Z'],
});
const language = Type.String({ pattern: LANGUAGE_PATTERN, maxLength: 35, description: 'BCP 47 language tag of the text.', examples: ['en', 'ru', 'pt-BR'] });
const body = Type.String({ minLength: 1, maxLength: 2_000_000, description: 'Full text of the article; the start and end offsets of claim sources count code points into it.' });
const day = (description: string) => Type.String({ format: 'date', description, examples: ['2021-12-02'] });

const fields = {
  url: Nullable(url, 'Address of the article; unique; stored normalised (scheme and host lower-cased, fragment and utm_* parameters dropped).'),
  title,
  outlet: Nullable(outlet, 'Name of the publisher.'),
  outlet_domain: Nullable(outletDomain, 'Web domain of the publisher; defaults to the host of url without "www.".'),
  authors: Type.Array(author, { maxItems: 100, description: 'Authors as credited, in order; defaults to none.' }),
  published_at: Nullable(publishedAt, 'When the article was published: a date (YYYY-MM-DD) or a UTC date-time.'),
  language: Nullable(language, 'BCP 47 language tag of the text.'),
  body: Nullable(body, 'Full text of the article; claim source offsets count code points into it.'),
};

export const Article = Type.Object(
  {
    id: Type.Ref(ArticleId),
    ...fields,
    created_at: Type.Ref(Timestamp),
    updated_at: Type.Ref(Timestamp),
  },
  { $id: 'Article', description: 'A news article that claims are quoted from.' },
);
export type ArticleT = Static<typeof Article>;

export const ArticleSummary = Type.Object(
  {
    id: Type.Ref(ArticleId),
    url: fields.url,
    title,
    outlet: fields.outlet,
    published_at: fields.published_at,
  },
  { $id: 'ArticleSummary', description: 'What a reader needs to cite an article: where, what, who published it and when.' },
);
export type ArticleSummaryT = Static<typeof ArticleSummary>;

const writable = {
  url: Type.Optional(fields.url),
  title,
  outlet: Type.Optional(fields.outlet),
  outlet_domain: Type.Optional(fields.outlet_domain),
  authors: Type.Optional(fields.authors),
  published_at: Type.Optional(fields.published_at),
  language: Type.Optional(fields.language),
  body: Type.Optional(fields.body),
};

export const ArticleCreate = Type.Object(
  {
    ...writable,
    extract: Type.Optional(Type.Boolean({
      default: false,
      description: 'Also extract the attributed statements of the body as unreviewed claims, in the same transaction, as ' +
        'POST /v1/articles/{id}/extract with create_actors false does; the 201 then carries the result as extraction. Needs a body.',
    })),
  },
  { $id: 'ArticleCreate', additionalProperties: false, description: 'A new article.' },
);
export type ArticleCreateT = Static<typeof ArticleCreate>;

// The patch omits extract: extraction of a stored article is POST /v1/articles/{id}/extract.
export const ArticlePatch = Type.Partial(Type.Object(writable), {
  $id: 'ArticlePatch',
  additionalProperties: false,
  description: 'Fields to change; absent fields keep their value. A new body must still contain the quotes of the claims citing it.',
});
export type ArticlePatchT = Static<typeof ArticlePatch>;

export const ArticleListQuery = Type.Object(
  {
    ...ListQuery,
    outlet: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Only articles from this publisher (exact name).' })),
    language: Type.Optional(Type.String({ pattern: LANGUAGE_PATTERN, maxLength: 35, description: 'Only articles in this language (BCP 47 tag).' })),
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 'Only the article at this address (normalised before comparing).' })),
    published_from: Type.Optional(day('Only articles published on or after this day (UTC), YYYY-MM-DD.')),
    published_to: Type.Optional(day('Only articles published on or before this day (UTC), YYYY-MM-DD.')),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Case-insensitive text in the title.' })),
  },
  { additionalProperties: false },
);
export type ArticleListQueryT = Static<typeof ArticleListQuery>;

export const ArticleList = Type.Object(
  { data: Type.Array(Type.Ref(Article), { description: 'Articles, oldest first.' }), next_cursor: NextCursor },
  { $id: 'ArticleList', description: 'A page of articles.' },
);

export const ExtractionRequest = Type.Object(
  {
    create_actors: Type.Optional(Type.Boolean({
      default: false,
      description: 'Create an actor for each speaker that matches no live actor (with the kind the extractor proposes) and record its ' +
        'claims; when false, such speakers are only listed in proposed_actors and their statements are left out.',
    })),
  },
  { $id: 'ExtractionRequest', additionalProperties: false, description: 'Options of a claim extraction; the body may be omitted.' },
);
export type ExtractionRequestT = Static<typeof ExtractionRequest>;

export const SKIP_REASONS = ['same_text', 'overlapping_source', 'rejected'] as const;

export const SkippedSuggestion = Type.Object(
  {
    claim_id: Type.Ref(ClaimId, { description: 'The claim that already records the statement (for rejected, the deleted claim).' }),
    reason: StringEnum(SKIP_REASONS, {
      description: 'same_text: the speaker already has a claim with this text (compared folded: case, diacritics, punctuation); ' +
        'overlapping_source: a claim already cites this article at a span overlapping the statement; rejected: an extracted claim at ' +
        'an overlapping span was rejected (deleted), and stays so until restored.',
    }),
  },
  { $id: 'SkippedSuggestion', description: 'A statement found in the body that was not recorded because a claim already holds it.' },
);

export const ProposedActor = Type.Object(
  {
    name: Type.String({ description: 'The speaker\'s name as the extractor reads it (a title or description when no name is printed).' }),
    kind: Type.Ref(ActorKind, { description: 'The kind the extractor proposes.' }),
    mention: Type.String({ description: 'How the speaker is first mentioned in the body, e.g. "Russian President Vladimir Putin" or "he".' }),
  },
  { $id: 'ProposedActor', description: 'A speaker that matches no live actor by name, alias or role: create it (or add an alias) and extract again.' },
);

export const ExtractionResult = Type.Object(
  {
    article_id: Type.Ref(ArticleId, { description: 'The article the statements were extracted from.' }),
    created: Type.Array(Type.Unsafe<ClaimT>(Type.Ref('Claim')), {
      description: 'Claims recorded by this run, in body order: origin extraction, status unreviewed, a confidence, one source with ' +
        'the span and cue, no topics. Review them with PATCH /v1/claims/{id}, DELETE /v1/claims/{id} or POST /v1/claims/review.',
    }),
    skipped: Type.Array(Type.Ref(SkippedSuggestion), { description: 'Statements already recorded, with the claim that holds each: a second run creates nothing.' }),
    proposed_actors: Type.Array(Type.Ref(ProposedActor), { description: 'Unknown speakers, once each, whose statements were left out (create_actors false).' }),
    created_actors: Type.Array(Type.Ref(ActorRef), { description: 'Actors created for unknown speakers (create_actors true); worth a look for duplicates.' }),
  },
  { $id: 'ExtractionResult', description: 'What one claim extraction recorded, skipped and proposed.' },
);
export type ExtractionResultT = Static<typeof ExtractionResult>;

export const ArticleCreated = Type.Object(
  {
    ...Article.properties,
    extraction: Type.Optional(Type.Ref(ExtractionResult, { description: 'Only when extract was true: the claims extracted from the body.' })),
  },
  { $id: 'ArticleCreated', description: 'The new article; with extract, also the result of extracting its claims.' },
);

export const articleSchemas = [
  Article, ArticleSummary, ArticleCreate, ArticlePatch, ArticleList, ExtractionRequest, SkippedSuggestion, ProposedActor, ExtractionResult,
  ArticleCreated,
];
