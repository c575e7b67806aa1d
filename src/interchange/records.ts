// The records of the NDJSON interchange format: the API's Create schemas, plus id and timestamps,
// with each reference also writable as a natural key (README, "The NDJSON interchange format").
import { Kind, Type, type Static, type TSchema, type TString } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError, type ValueErrorIterator } from '@sinclair/typebox/errors';
import { actorSchemas, ActorCreate, RoleInput } from '../schemas/actors.js';
import { articleSchemas, ArticleCreate } from '../schemas/articles.js';
import { claimSchemas, ClaimCreate, ClaimTopic, FactCheckCreate, FactCheckId, SourceInput } from '../schemas/claims.js';
import {
  ActorId, ActorKind, ArticleId, ClaimId, commonSchemas, Nullable, PositionId, TopicId, type ProblemBody,
} from '../schemas/common.js';
import { positionSchemas, PositionCreate } from '../schemas/positions.js';
import { topicSchemas, TopicCreate } from '../schemas/topics.js';
import type { RecordType } from '../schemas/import.js';

type Issue = NonNullable<ProblemBody['errors']>[number];

const strict = { additionalProperties: false } as const;
const RFC3339 = '^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$';
const stamp = (description: string) => Type.Optional(Type.String({ pattern: RFC3339, description }));
const meta = (id: TString) => ({
  id: Type.Optional(Type.Ref(id)),
  created_at: stamp('Kept when the record is created (restoring a dump); ignored when it matches an existing one.'),
  updated_at: stamp('Kept when the record is created; ignored when it matches an existing one.'),
});

const name = Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' });
const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
const WIKIDATA_PATTERN = '^Q[1-9][0-9]*$';

export const ActorRefForm = Type.Union([
  Type.Ref(ActorId),
  name,
  Type.Object({ id: Type.Ref(ActorId) }, strict),
  Type.Object({ wikidata_id: Type.String({ pattern: WIKIDATA_PATTERN }) }, strict),
  Type.Object({ name, kind: Type.Optional(Type.Ref(ActorKind)) }, strict),
], { description: 'an actor: an id, a name or alias, {"id"}, {"wikidata_id"} or {"name", "kind"}' });

export const TopicRefForm = Type.Union([
  Type.Ref(TopicId),
  Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }),
  Type.Object({ id: Type.Ref(TopicId) }, strict),
  Type.Object({ slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }) }, strict),
], { description: 'a topic: an id, a slug, {"id"} or {"slug"}' });

const url = Type.String({ minLength: 1, maxLength: 4096, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' });
export const ArticleRefForm = Type.Union([
  Type.Ref(ArticleId),
  url,
  Type.Object({ id: Type.Ref(ArticleId) }, strict),
  Type.Object({ url }, strict),
], { description: 'an article: an id, an http(s) URL, {"id"} or {"url"}' });

export const ClaimRefForm = Type.Union([
  Type.Ref(ClaimId),
  Type.Object({ speaker: ActorRefForm, text: ClaimCreate.properties.text }, strict),
], { description: 'a claim: an id or {"speaker", "text"}' });

export type ActorRefFormT = Static<typeof ActorRefForm>;
export type TopicRefFormT = Static<typeof TopicRefForm>;
export type ArticleRefFormT = Static<typeof ArticleRefForm>;
export type ClaimRefFormT = Static<typeof ClaimRefForm>;

const refs = <T extends TSchema>(item: T, maxItems: number) => Type.Optional(Type.Array(item, { maxItems }));

export const TopicRecord = Type.Object({
  type: Type.Literal('topic'),
  ...meta(TopicId),
  ...TopicCreate.properties,
  parent: Type.Optional(Nullable(TopicRefForm, 'The broader topic; instead of parent_id.')),
}, strict);

const RoleRecord = Type.Object({
  ...RoleInput.properties,
  organization: Type.Optional(Nullable(ActorRefForm, 'The organisation; instead of organization_id.')),
}, strict);

export const ActorRecord = Type.Object({
  type: Type.Literal('actor'),
  ...meta(ActorId),
  ...ActorCreate.properties,
  roles: refs(RoleRecord, 100),
}, strict);

export const ArticleRecord = Type.Object({
  type: Type.Literal('article'),
  ...meta(ArticleId),
  ...ArticleCreate.properties,
}, strict);

const SourceRecord = Type.Object({
  ...SourceInput.properties,
  article_id: Type.Optional(Type.Ref(ArticleId)),
  article: Type.Optional(ArticleRefForm),
}, strict);

const ClaimTopicRecord = Type.Object({
  topic_id: Type.Optional(ClaimTopic.properties.topic_id),
  topic: Type.Optional(TopicRefForm),
  stance: ClaimTopic.properties.stance,
}, strict);

/** A fact-check as the API shows it (the dump writes it so): its create fields, id and created_at. */
const FactCheckRecord = Type.Object({
  ...FactCheckCreate.properties,
  // A pattern rather than format: 'date', which TypeBox's checker would need registered globally.
  reviewed_on: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' }), 'The day the fact-check was published.')),
  id: Type.Optional(Type.Ref(FactCheckId)),
  created_at: stamp('Kept when the fact-check is added.'),
}, strict);

export const ClaimRecord = Type.Object({
  type: Type.Literal('claim'),
  ...meta(ClaimId),
  ...ClaimCreate.properties,
  actor_id: Type.Optional(ClaimCreate.properties.actor_id),
  speaker: Type.Optional(ActorRefForm),
  addressees: refs(ActorRefForm, 100),
  objects: refs(ActorRefForm, 100),
  topics: refs(ClaimTopicRecord, 50),
  sources: Type.Array(SourceRecord, { minItems: 1, maxItems: 100 }),
  fact_checks: refs(FactCheckRecord, 100),
}, strict);

export const PositionRecord = Type.Object({
  type: Type.Literal('position'),
  ...meta(PositionId),
  ...PositionCreate.properties,
  actor_id: Type.Optional(PositionCreate.properties.actor_id),
  actor: Type.Optional(ActorRefForm),
  topic_id: Type.Optional(PositionCreate.properties.topic_id),
  topic: Type.Optional(TopicRefForm),
  evidence: refs(ClaimRefForm, 500),
}, strict);

export type TopicRecordT = Static<typeof TopicRecord>;
export type ActorRecordT = Static<typeof ActorRecord>;
export type ArticleRecordT = Static<typeof ArticleRecord>;
export type ClaimRecordT = Static<typeof ClaimRecord>;
export type PositionRecordT = Static<typeof PositionRecord>;
export type AnyRecord = TopicRecordT | ActorRecordT | ArticleRecordT | ClaimRecordT | PositionRecordT;

/**
 * The shared schemas as TypeBox can check them. StringEnum is a Type.Unsafe (one `enum` keyword,
 * for better clients), which TypeBox's checker does not know; here it becomes a union of literals.
 */
function checkable(schema: TSchema): TSchema {
  const s = schema as TSchema & { enum?: unknown };
  if (s[Kind] !== 'Unsafe') return schema;
  if (!Array.isArray(s.enum)) throw new Error(`records: cannot check the schema ${String(s.$id)}`);
  return Type.Union(s.enum.map((v: string) => Type.Literal(v)), { $id: s.$id });
}

const references = [...commonSchemas, ...articleSchemas, ...actorSchemas, ...topicSchemas, ...claimSchemas, ...positionSchemas].map(checkable);

const checks: { [K in RecordType]: TypeCheck<TSchema> } = {
  topic: TypeCompiler.Compile(TopicRecord, references),
  actor: TypeCompiler.Compile(ActorRecord, references),
  article: TypeCompiler.Compile(ArticleRecord, references),
  claim: TypeCompiler.Compile(ClaimRecord, references),
  position: TypeCompiler.Compile(PositionRecord, references),
};

/** Compiles a schema that refers to the shared ones (e.g. Quotebank's record). */
export const compileWithReferences = <T extends TSchema>(schema: T) => TypeCompiler.Compile(schema, references);

/** Whether the value is a record of this type; `issues` says what is wrong when it is not. */
export function checkRecord(type: RecordType, value: unknown): value is AnyRecord {
  return checks[type].Check(value);
}

export function recordIssues(type: RecordType, value: unknown): Issue[] {
  return issuesOf(checks[type].Errors(value));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One issue for a union that matched no variant: the errors of the variant the value fits best. */
function unionIssues(error: ValueError): Issue[] {
  const variants = error.errors.map((it) => [...it]);
  // A variant whose errors all lie below the value's own path matched its type (e.g. an object
  // with a bad field): its errors say more than "expected union value".
  // An object with a field no variant knows fits none of them: then the union's description says more.
  const inside = variants
    .filter((errors) => errors.length > 0 && errors.every((e) => e.path !== error.path && e.type !== ValueErrorType.ObjectAdditionalProperties))
    .sort((a, b) => a.length - b.length)[0];
  if (inside && isObject(error.value)) return issuesOf(inside);
  const schema = error.schema as TSchema & { anyOf?: TSchema[]; description?: string };
  const literals = (schema.anyOf ?? []).map((s) => (s as { const?: unknown }).const);
  if (literals.length > 0 && literals.every((v) => typeof v === 'string')) {
    return [{ in: 'body', pointer: error.path || '/', message: `must be one of: ${literals.join(', ')}` }];
  }
  return [{ in: 'body', pointer: error.path || '/', message: schema.description ? `must be ${schema.description}` : 'is not a value this field accepts' }];
}

/** TypeBox errors as problem issues, one per pointer, worded like the API's validation errors. */
export function issuesOf(errors: ValueErrorIterator | ValueError[]): Issue[] {
  const out: Issue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const found: Issue[] = e.type === ValueErrorType.Union ? unionIssues(e)
      : e.type === ValueErrorType.ObjectAdditionalProperties ? [{ in: 'body', pointer: e.path, message: 'unknown field' }]
        : e.type === ValueErrorType.ObjectRequiredProperty ? [{ in: 'body', pointer: e.path, message: 'is required' }]
          : [{ in: 'body', pointer: e.path || '/', message: e.message.replace(/^Expected/, 'must be') }];
    for (const issue of found) {
      if (seen.has(issue.pointer)) continue;
      seen.add(issue.pointer);
      out.push(issue);
    }
  }
  return out;
}
