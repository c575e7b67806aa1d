// All Drizzle tables. Rows are storage, not the API contract (see src/schemas/).
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';

export const ACTOR_KINDS = ['person', 'organization', 'country', 'group', 'media', 'other'] as const;
export const CLAIM_KINDS = ['direct_quote', 'indirect_quote', 'paraphrase', 'written_statement'] as const;
export const STANCES = ['supports', 'opposes', 'neutral', 'mixed'] as const;
export const CLAIM_STATUSES = ['unreviewed', 'verified', 'disputed'] as const;
export const ORIGINS = ['manual', 'import', 'extraction'] as const;
export const SCOPES = ['read', 'write', 'admin'] as const;
export const PRECISIONS = ['year', 'month', 'day'] as const;
export const REVISION_ACTIONS = ['create', 'update', 'delete', 'restore', 'merge'] as const;
export const RESOURCE_TYPES = ['article', 'actor', 'topic', 'claim', 'position'] as const;

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

const textColumn = (name: string) => text(name);
const precisionColumn = (name: string) => text(name, { enum: PRECISIONS });

/** A partial date: the value as given, its precision and the first and last day it stands for. */
function partialDate<P extends string>(prefix: P) {
  return {
    [prefix]: textColumn(prefix),
    [`${prefix}_precision`]: precisionColumn(`${prefix}_precision`),
    [`${prefix}_lo`]: textColumn(`${prefix}_lo`),
    [`${prefix}_hi`]: textColumn(`${prefix}_hi`),
  } as { [K in P | `${P}_lo` | `${P}_hi`]: ReturnType<typeof textColumn> } & { [K in `${P}_precision`]: ReturnType<typeof precisionColumn> };
}

const precisionCheck = (name: string, column: AnySQLiteColumn) =>
  check(name, sql`${column} IS NULL OR ${column} IN (${inList(PRECISIONS)})`);

const timestamps = {
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  deletedAt: text('deleted_at'),
};

export const articles = sqliteTable(
  'articles',
  {
    id: text('id').primaryKey(),
    url: text('url'),
    title: text('title').notNull(),
    outlet: text('outlet'),
    outletDomain: text('outlet_domain'),
    authors: text('authors', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    publishedAt: text('published_at'),
    /** The UTC calendar day of published_at, for filters and sorts. */
    publishedOn: text('published_on'),
    language: text('language'),
    body: text('body'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('articles_url_unique').on(t.url),
    index('articles_outlet_idx').on(t.outlet),
    index('articles_published_on_idx').on(t.publishedOn, t.id),
    index('articles_language_idx').on(t.language),
  ],
);

export const actors = sqliteTable(
  'actors',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** name folded for case- and diacritic-insensitive lookup. */
    nameKey: text('name_key').notNull(),
    kind: text('kind', { enum: ACTOR_KINDS }).notNull(),
    description: text('description'),
    wikidataId: text('wikidata_id'),
    country: text('country'),
    /** Set when this actor was merged into another: its id keeps resolving (308) to that one. */
    mergedInto: text('merged_into').references((): AnySQLiteColumn => actors.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('actors_wikidata_id_unique').on(t.wikidataId),
    index('actors_merged_into_idx').on(t.mergedInto),
    index('actors_name_key_idx').on(t.nameKey),
    check('actors_kind_check', sql`${t.kind} IN (${inList(ACTOR_KINDS)})`),
  ],
);

export const actorAliases = sqliteTable(
  'actor_aliases',
  {
    id: integer('id').primaryKey(),
    actorId: text('actor_id').notNull().references(() => actors.id, { onDelete: 'cascade' }),
    alias: text('alias').notNull(),
    aliasKey: text('alias_key').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    uniqueIndex('actor_aliases_actor_alias_unique').on(t.actorId, t.aliasKey),
    index('actor_aliases_alias_key_idx').on(t.aliasKey),
  ],
);

export const actorRoles = sqliteTable(
  'actor_roles',
  {
    id: integer('id').primaryKey(),
    actorId: text('actor_id').notNull().references(() => actors.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    organizationId: text('organization_id').references((): AnySQLiteColumn => actors.id),
    ...partialDate('start'),
    ...partialDate('end'),
    position: integer('position').notNull(),
  },
  (t) => [
    index('actor_roles_actor_idx').on(t.actorId),
    index('actor_roles_organization_idx').on(t.organizationId),
    precisionCheck('actor_roles_start_precision_check', t.start_precision),
    precisionCheck('actor_roles_end_precision_check', t.end_precision),
  ],
);

export const topics = sqliteTable(
  'topics',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    parentId: text('parent_id').references((): AnySQLiteColumn => topics.id),
    ...timestamps,
  },
  (t) => [uniqueIndex('topics_slug_unique').on(t.slug), index('topics_parent_idx').on(t.parentId)],
);

export const claims = sqliteTable(
  'claims',
  {
    /** Integer key for the FTS5 index (content_rowid); never exposed. */
    seq: integer('seq').primaryKey(),
    id: text('id').notNull(),
    actorId: text('actor_id').notNull().references(() => actors.id),
    text: text('text').notNull(),
    /** text folded for deduplication: lower case, no diacritics, punctuation and spacing folded (domain/text.ts textKey). */
    textKey: text('text_key'),
    kind: text('kind', { enum: CLAIM_KINDS }).notNull(),
    ...partialDate('said_on'),
    saidOnText: text('said_on_text'),
    speakerRole: text('speaker_role'),
    context: text('context'),
    language: text('language'),
    status: text('status', { enum: CLAIM_STATUSES }).notNull().default('unreviewed'),
    origin: text('origin', { enum: ORIGINS }).notNull().default('manual'),
    confidence: real('confidence'),
    /** The earliest published_on of the claim's source articles: its first appearance, for sorting. */
    firstPublishedOn: text('first_published_on'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('claims_id_unique').on(t.id),
    index('claims_first_published_idx').on(t.firstPublishedOn, t.id),
    index('claims_actor_text_key_idx').on(t.actorId, t.textKey),
    // said_on_hi and deleted_at last: a date-range filter and the live-claims test read them from the index, ordered by
    // (said_on_lo, id), without visiting rows.
    index('claims_actor_said_idx').on(t.actorId, t.said_on_lo, t.id, t.said_on_hi, t.deletedAt),
    index('claims_actor_id_idx').on(t.actorId, t.id),
    index('claims_actor_published_idx').on(t.actorId, t.firstPublishedOn, t.id),
    index('claims_said_idx').on(t.said_on_lo, t.id, t.said_on_hi, t.deletedAt),
    // A full-text match joins claims by seq for deleted_at and id: this index answers that without reading the rows.
    index('claims_live_idx').on(t.seq, t.deletedAt, t.id),
    // The deleted claims alone: a full-text search with no other filter ranks its matches without reading claims, and
    // tells the deleted ones apart by this small index (claim-query.ts).
    index('claims_deleted_idx').on(t.seq).where(sql`${t.deletedAt} IS NOT NULL`),
    // From a claim id to its speaker, dates and liveness without reading the row (contradictions, a claim's document by id).
    index('claims_id_said_actor_idx').on(t.id, t.said_on_lo, t.said_on_hi, t.actorId, t.deletedAt),
    index('claims_kind_idx').on(t.kind, t.id),
    index('claims_status_idx').on(t.status, t.id),
    index('claims_language_idx').on(t.language, t.id),
    check('claims_kind_check', sql`${t.kind} IN (${inList(CLAIM_KINDS)})`),
    check('claims_status_check', sql`${t.status} IN (${inList(CLAIM_STATUSES)})`),
    check('claims_origin_check', sql`${t.origin} IN (${inList(ORIGINS)})`),
    check('claims_confidence_check', sql`${t.confidence} IS NULL OR (${t.confidence} >= 0 AND ${t.confidence} <= 1)`),
    precisionCheck('claims_said_on_precision_check', t.said_on_precision),
  ],
);

/**
 * Each claim's API representation, rendered by SQL (src/repositories/claim-documents.ts) and kept so that a page of
 * claims is one row read per claim. Triggers of migration 0005 set body to NULL whenever anything the representation
 * shows changes (the claim, its sources, topics, addressees, objects, fact-checks, its speaker's name and roles, the
 * names of their organisations, its articles and topics); readers render a NULL body on the fly, and a background
 * task renders the NULL ones again.
 */
export const claimDocuments = sqliteTable(
  'claim_documents',
  {
    claimSeq: integer('claim_seq').primaryKey().references(() => claims.seq, { onDelete: 'cascade' }),
    /** The claim as GET /v1/claims/{id} shows it (JSON), or NULL when it must be rendered again. */
    body: text('body'),
  },
  (t) => [index('claim_documents_stale_idx').on(t.claimSeq).where(sql`${t.body} IS NULL`)],
);

export const claimSources = sqliteTable(
  'claim_sources',
  {
    id: integer('id').primaryKey(),
    claimId: text('claim_id').notNull().references(() => claims.id, { onDelete: 'cascade' }),
    articleId: text('article_id').notNull().references(() => articles.id),
    quote: text('quote').notNull(),
    start: integer('start'),
    end: integer('end'),
    cue: text('cue'),
    verbatim: integer('verbatim', { mode: 'boolean' }).notNull().default(true),
    position: integer('position').notNull(),
  },
  (t) => [
    index('claim_sources_claim_idx').on(t.claimId),
    index('claim_sources_article_idx').on(t.articleId, t.claimId),
    check('claim_sources_span_check', sql`(${t.start} IS NULL AND ${t.end} IS NULL) OR (${t.start} >= 0 AND ${t.end} >= ${t.start})`),
  ],
);

export const factChecks = sqliteTable(
  'fact_checks',
  {
    id: text('id').primaryKey(),
    claimId: text('claim_id').notNull().references(() => claims.id, { onDelete: 'cascade' }),
    publisher: text('publisher').notNull(),
    url: text('url').notNull(),
    rating: text('rating').notNull(),
    /** rating folded (lower case, no diacritics) for the claims filter. */
    ratingKey: text('rating_key').notNull(),
    ratingValue: real('rating_value'),
    bestRating: real('best_rating'),
    worstRating: real('worst_rating'),
    reviewedOn: text('reviewed_on'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('fact_checks_claim_idx').on(t.claimId),
    index('fact_checks_rating_idx').on(t.ratingKey, t.claimId),
    uniqueIndex('fact_checks_claim_url_unique').on(t.claimId, t.url),
  ],
);

export const claimTopics = sqliteTable(
  'claim_topics',
  {
    claimId: text('claim_id').notNull().references(() => claims.id, { onDelete: 'cascade' }),
    topicId: text('topic_id').notNull().references(() => topics.id),
    stance: text('stance', { enum: STANCES }).notNull(),
    position: integer('position').notNull(),
    // The claim's speaker, dates and deletion, copied by triggers (migration 0007) whenever the row is written or the
    // claim's change: who stood where on a topic, and the statements of a network, are read from the two indexes
    // below alone, instead of a claim row for each of a topic's thousands of claims.
    actorId: text('actor_id'),
    said_on_lo: text('said_on_lo'),
    said_on_hi: text('said_on_hi'),
    claimDeletedAt: text('claim_deleted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.claimId, t.topicId] }),
    index('claim_topics_topic_idx').on(t.topicId, t.stance, t.claimId),
    index('claim_topics_topic_actor_idx').on(t.topicId, t.actorId, t.claimDeletedAt, t.said_on_lo, t.said_on_hi, t.stance, t.claimId),
    index('claim_topics_actor_topic_idx').on(t.actorId, t.topicId, t.claimDeletedAt, t.said_on_lo, t.said_on_hi, t.stance, t.claimId),
    check('claim_topics_stance_check', sql`${t.stance} IN (${inList(STANCES)})`),
  ],
);

export const claimAddressees = sqliteTable(
  'claim_addressees',
  {
    claimId: text('claim_id').notNull().references(() => claims.id, { onDelete: 'cascade' }),
    actorId: text('actor_id').notNull().references(() => actors.id),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.claimId, t.actorId] }), index('claim_addressees_actor_idx').on(t.actorId, t.claimId)],
);

export const claimObjects = sqliteTable(
  'claim_objects',
  {
    claimId: text('claim_id').notNull().references(() => claims.id, { onDelete: 'cascade' }),
    actorId: text('actor_id').notNull().references(() => actors.id),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.claimId, t.actorId] }), index('claim_objects_actor_idx').on(t.actorId, t.claimId)],
);

export const positions = sqliteTable(
  'positions',
  {
    id: text('id').primaryKey(),
    actorId: text('actor_id').notNull().references(() => actors.id),
    topicId: text('topic_id').notNull().references(() => topics.id),
    stance: text('stance', { enum: STANCES }).notNull(),
    summary: text('summary'),
    ...partialDate('valid_from'),
    ...partialDate('valid_to'),
    ...timestamps,
  },
  (t) => [
    index('positions_actor_topic_idx').on(t.actorId, t.topicId, t.valid_from_lo),
    index('positions_topic_idx').on(t.topicId, t.valid_from_lo),
    check('positions_stance_check', sql`${t.stance} IN (${inList(STANCES)})`),
    precisionCheck('positions_valid_from_precision_check', t.valid_from_precision),
    precisionCheck('positions_valid_to_precision_check', t.valid_to_precision),
  ],
);

export const positionEvidence = sqliteTable(
  'position_evidence',
  {
    positionId: text('position_id').notNull().references(() => positions.id, { onDelete: 'cascade' }),
    claimId: text('claim_id').notNull().references(() => claims.id),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.positionId, t.claimId] }), index('position_evidence_claim_idx').on(t.claimId)],
);

export const revisions = sqliteTable(
  'revisions',
  {
    id: integer('id').primaryKey(),
    resourceType: text('resource_type', { enum: RESOURCE_TYPES }).notNull(),
    resourceId: text('resource_id').notNull(),
    action: text('action', { enum: REVISION_ACTIONS }).notNull(),
    keyId: text('key_id'),
    keyName: text('key_name'),
    at: text('at').notNull(),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
  },
  (t) => [
    index('revisions_resource_idx').on(t.resourceId, t.id),
    check('revisions_action_check', sql`${t.action} IN (${inList(REVISION_ACTIONS)})`),
    check('revisions_resource_type_check', sql`${t.resourceType} IN (${inList(RESOURCE_TYPES)})`),
  ],
);

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    scope: text('scope', { enum: SCOPES }).notNull(),
    /** SHA-256 of the secret; the secret itself is shown once and never stored. */
    hash: text('hash').notNull(),
    prefix: text('prefix').notNull(),
    createdAt: text('created_at').notNull(),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash_unique').on(t.hash), check('api_keys_scope_check', sql`${t.scope} IN (${inList(SCOPES)})`)],
);
