// Claim schemas: one utterance by one actor, with the sources that report it.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { idPattern } from '../domain/ids.js';
import { ActorRef } from './actors.js';
import { ArticleSummary } from './articles.js';
import {
  ActorId, ArticleId, ClaimId, ClaimKind, ClaimStatus, ListQuery, NextCursor, Nullable, Origin, PartialDate,
  Precision, Stance, StringEnum, Timestamp, TopicId, Param } from './common.js';
import { TopicRef } from './topics.js';

const text = Type.String({ minLength: 1, maxLength: 20_000, description: 'Verbatim words for a direct quote; the reported content otherwise.' });
const language = Type.String({ pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$', description: 'BCP 47 language tag of the text.', examples: ['en'] });
const shortText = (description: string) => Type.String({ minLength: 1, maxLength: 500, description });
const offset = (description: string) => Type.Integer({ minimum: 0, maximum: 100_000_000, description });

export const ClaimTopic = Type.Object(
  {
    topic_id: Type.Ref(TopicId),
    stance: Type.Ref(Stance),
  },
  { $id: 'ClaimTopic', additionalProperties: false, description: 'A topic the claim is about and the speaker\'s stance on it.' },
);

export const ClaimTopicView = Type.Object(
  { topic_id: Type.Ref(TopicId), topic: Type.Ref(TopicRef), stance: Type.Ref(Stance) },
  { $id: 'ClaimTopicView', description: 'A topic the claim is about, with the speaker\'s stance.' },
);

export const SourceInput = Type.Object(
  {
    article_id: Type.Ref(ArticleId),
    quote: Type.String({ minLength: 1, maxLength: 20_000, description: 'The words as printed in the article.' }),
    start: Type.Optional(Nullable(offset('Offset of the first character of the quote in the article body, in Unicode code points.'), 'Start offset; found by the service when omitted.')),
    end: Type.Optional(Nullable(offset('Offset just past the last character of the quote, in Unicode code points.'), 'End offset; found by the service when omitted.')),
    cue: Type.Optional(Nullable(shortText('The reporting verb or phrase, e.g. "stressed".'), 'The reporting verb.')),
    verbatim: Type.Optional(Type.Boolean({ default: true, description: 'false when the quote paraphrases the article rather than copying it: it is then not checked against the body.' })),
  },
  { $id: 'SourceInput', additionalProperties: false, description: 'Where a claim was reported: an article and the words it printed.' },
);

export const Source = Type.Object(
  {
    article_id: Type.Ref(ArticleId),
    article: Type.Ref(ArticleSummary),
    quote: Type.String({ description: 'The words as printed in the article.' }),
    start: Nullable(Type.Integer({ minimum: 0 }), 'Offset of the quote in the article body (Unicode code points); null when unknown.'),
    end: Nullable(Type.Integer({ minimum: 0 }), 'Offset just past the quote; null when unknown.'),
    cue: Nullable(Type.String(), 'The reporting verb.'),
    verbatim: Type.Boolean({ description: 'Whether the quote was checked against the article body.' }),
  },
  { $id: 'Source', description: 'An article that reports the claim, and where in it.' },
);

export const SpeakingAs = Type.Object(
  {
    title: Type.String({ description: 'Title of the role.' }),
    organization: Nullable(Type.Ref(ActorRef), 'The organisation of the role, if any.'),
    start: Nullable(Type.Ref(PartialDate), 'When the role began.'),
    end: Nullable(Type.Ref(PartialDate), 'When the role ended; null while held.'),
  },
  { $id: 'SpeakingAs', description: 'The speaker\'s role on the date the claim was made, from the actor\'s roles.' },
);

export const FactCheckId = Type.String({
  $id: 'FactCheckId', pattern: idPattern('factCheck'), description: 'Id of a fact-check.', examples: ['fcr_01JEG8S0V2Y6Q5H3N0W4X9Z7KD'],
});

const ratingNumber = (what: string) => Nullable(Type.Number({ description: what }), `${what} Null when not given.`);
const factCheckFields = {
  publisher: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S', description: 'Who published the fact-check, e.g. "AFP Fact Check".', examples: ['AFP Fact Check'] }),
  url: Type.String({ minLength: 1, maxLength: 4096, description: 'Address of the published fact-check (http or https); stored normalised (scheme and host lower-cased, fragment and utm_* parameters dropped).' }),
  rating: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'The verdict as the publisher words it (schema.org textual rating), e.g. "False", "Misleading".', examples: ['False'] }),
  rating_value: ratingNumber('The verdict on the publisher\'s numeric scale, between worst_rating and best_rating.'),
  best_rating: ratingNumber('The best value of the publisher\'s scale (schema.org bestRating).'),
  worst_rating: ratingNumber('The worst value of the publisher\'s scale (schema.org worstRating).'),
  reviewed_on: Nullable(Type.String({ format: 'date', description: 'The day the fact-check was published (YYYY-MM-DD).' }), 'The day the fact-check was published; null when unknown.'),
};

export const FactCheck = Type.Object(
  {
    id: Type.Ref(FactCheckId),
    ...factCheckFields,
    created_at: Type.Ref(Timestamp),
  },
  { $id: 'FactCheck', description: 'A published fact-check of the claim (a schema.org ClaimReview): who reviewed it, where, and the verdict.' },
);
export type FactCheckT = Static<typeof FactCheck>;

export const FactCheckCreate = Type.Object(
  {
    publisher: factCheckFields.publisher,
    url: factCheckFields.url,
    rating: factCheckFields.rating,
    rating_value: Type.Optional(factCheckFields.rating_value),
    best_rating: Type.Optional(factCheckFields.best_rating),
    worst_rating: Type.Optional(factCheckFields.worst_rating),
    reviewed_on: Type.Optional(factCheckFields.reviewed_on),
  },
  {
    $id: 'FactCheckCreate', additionalProperties: false,
    description: 'A fact-check to attach to a claim; one per url on a claim. Numbers given must satisfy worst_rating <= rating_value <= best_rating.',
  },
);
export type FactCheckCreateT = Static<typeof FactCheckCreate>;

export const FactCheckList = Type.Object(
  { data: Type.Array(Type.Ref(FactCheck), { description: 'Every fact-check of the claim, oldest first.' }) },
  { $id: 'FactCheckList', description: 'The fact-checks of one claim.' },
);

const claimFields = {
  text,
  kind: Type.Ref(ClaimKind),
  said_on_text: Nullable(shortText('The phrase that dated the claim, e.g. "this Thursday".'), 'The phrase that dated the claim.'),
  speaker_role: Nullable(shortText('The speaker\'s title as printed.'), 'The speaker\'s title as printed.'),
  context: Nullable(Type.String({ minLength: 1, maxLength: 2000, description: 'Venue or occasion.' }), 'Venue or occasion.'),
  language: Nullable(language, 'Language of the text.'),
  status: Type.Ref(ClaimStatus),
  origin: Type.Ref(Origin),
  confidence: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'Confidence in the claim and its attribution, 0 to 1.' }), 'Confidence, 0 to 1; null when not estimated.'),
};

export const Claim = Type.Object(
  {
    id: Type.Ref(ClaimId),
    actor_id: Type.Ref(ActorId),
    speaker: Type.Ref(ActorRef),
    text: claimFields.text,
    kind: claimFields.kind,
    said_on: Nullable(Type.Ref(PartialDate), 'When it was said, at year, month or day precision; null when unknown.'),
    said_on_precision: Nullable(Type.Ref(Precision), 'Precision of said_on.'),
    said_on_text: claimFields.said_on_text,
    speaker_role: claimFields.speaker_role,
    speaking_as: Nullable(Type.Ref(SpeakingAs), 'The speaker\'s role on said_on; null when unknown.'),
    context: claimFields.context,
    language: claimFields.language,
    addressee_ids: Type.Array(Type.Ref(ActorId), { description: 'Actors the claim is aimed at.' }),
    object_ids: Type.Array(Type.Ref(ActorId), { description: 'Actors the claim is about.' }),
    topics: Type.Array(Type.Ref(ClaimTopicView), { description: 'Topics with the speaker\'s stance.' }),
    status: claimFields.status,
    origin: claimFields.origin,
    confidence: claimFields.confidence,
    sources: Type.Array(Type.Ref(Source), { minItems: 1, description: 'Articles that report the claim.' }),
    fact_checks: Type.Array(Type.Ref(FactCheck), { description: 'Published fact-checks of the claim, oldest first; added and removed under /v1/claims/{id}/fact-checks.' }),
    created_at: Type.Ref(Timestamp),
    updated_at: Type.Ref(Timestamp),
    snippet: Type.Optional(Type.String({ description: 'Only in results of a q search: the matching passage, each match between <mark> and </mark>.' })),
  },
  { $id: 'Claim', description: 'One utterance by one actor: who said what, when, reported where.' },
);
export type ClaimT = Static<typeof Claim>;

const ids = (schema: typeof ActorId, description: string) =>
  Type.Array(Type.Ref(schema), { uniqueItems: true, maxItems: 100, description });

export const ClaimCreate = Type.Object(
  {
    actor_id: Type.Ref(ActorId, { description: 'The speaker.' }),
    text,
    kind: Type.Ref(ClaimKind),
    said_on: Type.Optional(Nullable(Type.Ref(PartialDate), 'When it was said.')),
    said_on_text: Type.Optional(claimFields.said_on_text),
    speaker_role: Type.Optional(claimFields.speaker_role),
    context: Type.Optional(claimFields.context),
    language: Type.Optional(claimFields.language),
    addressee_ids: Type.Optional(ids(ActorId, 'Actors the claim is aimed at.')),
    object_ids: Type.Optional(ids(ActorId, 'Actors the claim is about.')),
    topics: Type.Optional(Type.Array(Type.Ref(ClaimTopic), { maxItems: 50, description: 'Topics with the speaker\'s stance; each topic once.' })),
    status: Type.Optional(Type.Ref(ClaimStatus, { default: 'unreviewed' })),
    origin: Type.Optional(Type.Ref(Origin, { default: 'manual' })),
    confidence: Type.Optional(claimFields.confidence),
    sources: Type.Array(Type.Ref(SourceInput), { minItems: 1, maxItems: 100, description: 'At least one article that reports the claim.' }),
  },
  { $id: 'ClaimCreate', additionalProperties: false, description: 'A new claim.' },
);
export type ClaimCreateT = Static<typeof ClaimCreate>;

export const ClaimPatch = Type.Partial(ClaimCreate, {
  $id: 'ClaimPatch', additionalProperties: false,
  description: 'Fields to change; absent fields keep their value. sources, topics, addressee_ids and object_ids replace the whole list.',
});
export type ClaimPatchT = Static<typeof ClaimPatch>;

const many = <T extends TSchema>(item: T, description: string) =>
  Type.Optional(Type.Array(Param(item, description), { maxItems: 100, description: `${description} Repeat the parameter for several (any of them matches).` }));

export const CLAIM_SORTS = ['said_on', '-said_on', 'published_at', '-published_at', 'created_at', '-created_at', 'relevance'] as const;

export const ClaimListQuery = Type.Object(
  {
    ...ListQuery,
    actor_id: many(ActorId, 'Only claims by this speaker.'),
    speaker: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Only claims by the actor with this name or alias (case- and diacritic-insensitive, whole name).' })),
    topic_id: many(TopicId, 'Only claims about this topic.'),
    include_subtopics: Type.Optional(Type.Boolean({ default: false, description: 'With topic_id: also claims about any topic below it.' })),
    stance: many(Stance, 'Only claims with this stance (on the topics of topic_id when given, else on any topic).'),
    article_id: many(ArticleId, 'Only claims reported by this article.'),
    outlet: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Only claims reported by an article of this outlet (exact name).' })),
    kind: many(ClaimKind, 'Only claims of this kind.'),
    language: Type.Optional(Type.String({ pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$', description: 'Only claims in this language (BCP 47 tag).' })),
    status: many(ClaimStatus, 'Only claims with this review status.'),
    addressee_id: many(ActorId, 'Only claims aimed at this actor.'),
    object_id: many(ActorId, 'Only claims about this actor.'),
    said_from: Type.Optional(Param(PartialDate, 'Only claims said on or after this date (see date_match).')),
    said_to: Type.Optional(Param(PartialDate, 'Only claims said on or before this date (see date_match).')),
    date_match: Type.Optional(StringEnum(['overlaps', 'within'] as const, {
      default: 'overlaps',
      description: 'How said_from and said_to meet a partial said_on: overlaps (default) keeps a claim when its interval meets the range (a claim said "in 2021" matches said_from=2021-12); within keeps it only when its whole interval lies inside.',
    })),
    published_from: Type.Optional(Type.String({ format: 'date', description: 'Only claims with a source published on or after this day (YYYY-MM-DD, UTC).' })),
    published_to: Type.Optional(Type.String({ format: 'date', description: 'Only claims with a source published on or before this day (YYYY-MM-DD, UTC).' })),
    rating: many(Type.String({ minLength: 1, maxLength: 200 }),
      'Only claims with a fact-check of this rating (the textual verdict, e.g. false or misleading; whole rating, case- and diacritic-insensitive).'),
    q: Type.Optional(Type.String({
      minLength: 1, maxLength: 500,
      description: 'Full-text search over the claim text, diacritic-insensitive (SQLite FTS5 syntax: words, "exact phrases", prefix*, AND, OR, NOT, NEAR). Results carry a snippet with the matches marked.',
    })),
    sort: Type.Optional(StringEnum(CLAIM_SORTS, {
      description: 'Order: said_on (first day of its interval; undated last), published_at (earliest source), created_at, or relevance (with q); a leading - reverses. Default: relevance with q, else created_at. ' +
        'relevance (BM25) ranks the 2,000 most recent matches that pass the other filters, so that a common word costs no more than a rare one; sort by a date to page through every match.',
    })),
  },
  { additionalProperties: false },
);
export type ClaimListQueryT = Static<typeof ClaimListQuery>;

export const ClaimList = Type.Object(
  { data: Type.Array(Type.Ref(Claim), { description: 'Claims in the order of sort.' }), next_cursor: NextCursor },
  { $id: 'ClaimList', description: 'A page of claims.' },
);

const reviewIds = (description: string) =>
  Type.Optional(Type.Array(Type.Ref(ClaimId), { uniqueItems: true, maxItems: 500, description }));

export const ClaimReview = Type.Object(
  {
    accept: reviewIds('Claims to accept: their status becomes status (verified by default), kept as an update revision of each.'),
    reject: reviewIds('Claims to reject: each is soft-deleted (it leaves lists, answers 410 and can be restored), kept as a delete revision.'),
    status: Type.Optional(StringEnum(['verified', 'disputed'] as const, {
      default: 'verified', description: 'The status the accepted claims get: verified (the default), or disputed when the attribution is right but the content is contested.',
    })),
  },
  {
    $id: 'ClaimReview', additionalProperties: false,
    description: 'A review of several claims at once, all or nothing: the ids to accept and those to reject; a claim may not be in both.',
  },
);
export type ClaimReviewT = Static<typeof ClaimReview>;

export const ClaimReviewResult = Type.Object(
  {
    accepted: Type.Array(Type.Ref(ClaimId), { description: 'The claims accepted, in the order given (a claim that already had the status is listed and left unchanged).' }),
    rejected: Type.Array(Type.Ref(ClaimId), { description: 'The claims soft-deleted, in the order given.' }),
  },
  { $id: 'ClaimReviewResult', description: 'What a review did.' },
);
export type ClaimReviewResultT = Static<typeof ClaimReviewResult>;

export const claimSchemas = [
  ClaimTopic, ClaimTopicView, SourceInput, Source, SpeakingAs, FactCheckId, FactCheck, FactCheckCreate, FactCheckList, Claim, ClaimCreate,
  ClaimPatch, ClaimList, ClaimReview, ClaimReviewResult,
];
