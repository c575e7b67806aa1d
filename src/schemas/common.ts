// Shared API schemas: ids, enums, partial dates, problems, pagination and revisions.
// Each has a PascalCase $id, is added to Fastify before the routes and becomes a named component.
import { Type, type Static, type TObject, type TProperties, type TSchema, type TString, type TUnsafe } from '@sinclair/typebox';
import { ID_PREFIXES, idPattern, type ResourceKind } from '../domain/ids.js';
import { PARTIAL_DATE_PATTERN } from '../domain/partial-date.js';
import { ACTOR_KINDS, CLAIM_KINDS, CLAIM_STATUSES, ORIGINS, PRECISIONS, REVISION_ACTIONS, STANCES } from '../db/schema.js';

/** A string enum as one `enum` keyword, which generates better clients than a union of literals. */
export function StringEnum<T extends readonly string[]>(values: T, options: { $id?: string; description: string; default?: T[number] }): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** T or null, with the annotations on the union. */
export function Nullable<T extends TSchema>(schema: T, description: string) {
  return Type.Union([schema, Type.Null()], { description });
}

const idSchema = (kind: ResourceKind, $id: string, what: string): TString =>
  Type.String({ $id, pattern: idPattern(kind), description: `Id of ${what}.`, examples: [`${ID_PREFIXES[kind]}_01JEG8S0V2Y6Q5H3N0W4X9Z7KD`] });

export const ArticleId = idSchema('article', 'ArticleId', 'an article');
export const ActorId = idSchema('actor', 'ActorId', 'an actor');
export const TopicId = idSchema('topic', 'TopicId', 'a topic');
export const ClaimId = idSchema('claim', 'ClaimId', 'a claim');
export const PositionId = idSchema('position', 'PositionId', 'a position');

export const PartialDate = Type.String({
  $id: 'PartialDate',
  pattern: PARTIAL_DATE_PATTERN,
  description: 'A date at year, month or day precision (YYYY, YYYY-MM or YYYY-MM-DD); it stands for the whole interval.',
  examples: ['2021-12-02', '2021-12', '2008'],
});
export const Precision = StringEnum(PRECISIONS, { $id: 'Precision', description: 'How much of a partial date is known.' });
export const Stance = StringEnum(STANCES, { $id: 'Stance', description: 'Stance towards a topic.' });
export const ActorKind = StringEnum(ACTOR_KINDS, { $id: 'ActorKind', description: 'What kind of actor this is.' });
export const ClaimKind = StringEnum(CLAIM_KINDS, { $id: 'ClaimKind', description: 'How the claim was reported.' });
export const ClaimStatus = StringEnum(CLAIM_STATUSES, { $id: 'ClaimStatus', description: 'Review state of the claim.' });
export const Origin = StringEnum(ORIGINS, { $id: 'Origin', description: 'How the claim entered the database.' });

export const Timestamp = Type.String({ $id: 'Timestamp', format: 'date-time', description: 'An RFC 3339 timestamp in UTC.' });

export const ValidationIssue = Type.Object(
  {
    in: StringEnum(['body', 'query', 'path', 'header'] as const, { description: 'Which part of the request the problem is in.' }),
    pointer: Type.String({ description: 'JSON Pointer to the offending value within that part (for query and path, /name of the parameter).' }),
    message: Type.String({ description: 'What is wrong with the value.' }),
  },
  { $id: 'ValidationIssue', description: 'One problem with one value of a request.' },
);

export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URI reference naming the kind of problem; documented in the README.' }),
    title: Type.String({ description: 'A short summary of the kind of problem.' }),
    status: Type.Integer({ description: 'The HTTP status code.' }),
    detail: Type.Optional(Type.String({ description: 'What went wrong in this occurrence.' })),
    instance: Type.Optional(Type.String({ description: 'The request path that caused it.' })),
    errors: Type.Optional(Type.Array(Type.Ref(ValidationIssue), { description: 'For validation problems: each bad value.' })),
  },
  {
    $id: 'Problem',
    additionalProperties: true,
    description: 'An RFC 9457 problem details object (application/problem+json).',
  },
);
export type ProblemBody = Static<typeof Problem>;

/**
 * A query or path parameter of a shared type, inlined rather than referenced: @fastify/swagger
 * drops the description of a parameter given as a $ref.
 */
export function Param<T extends TSchema>(schema: T, description: string): TUnsafe<Static<T>> {
  const { $id: _id, description: _d, examples: _e, ...rest } = schema as TSchema & { $id?: string; examples?: unknown };
  return Type.Unsafe<Static<T>>({ ...rest, description });
}

export const ListQuery = {
  limit: Type.Optional(Type.Integer({
    minimum: 1, maximum: 500, default: 50,
    description: 'Page size (1 to 500). For CSV and NDJSON: the most rows to send when given; when absent, every row.',
  })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512, description: 'Opaque cursor from a previous page\'s next_cursor.' })),
};

/** The formats every list answers in; `json` is the paged default. */
export const LIST_FORMATS = ['json', 'csv', 'ndjson'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/**
 * A list's query schema plus `format`. Added per route rather than to ListQuery because
 * repositories take the list query as their filter set, and the format is not a filter.
 */
export function withFormat<T extends TProperties>(query: TObject<T>) {
  return Type.Object({
    ...query.properties,
    format: Type.Optional(StringEnum(LIST_FORMATS, {
      description: 'Response format; wins over the Accept header. json: one page of {data, next_cursor}. ' +
        'csv (text/csv, documented columns) and ndjson (application/x-ndjson, one JSON item per line): ' +
        'every matching row from cursor on, streamed; when limit is given, at most limit rows and a Link to the rest.',
    })),
  }, { additionalProperties: false });
}

export const NextCursor = Nullable(Type.String(), 'Cursor for the next page; null on the last page.');

export const IdParams = (idSchema: TString) => Type.Object({ id: Type.Ref(idSchema) }, { additionalProperties: false });

export const Revision = Type.Object(
  {
    id: Type.Integer({ description: 'Sequence number of the revision.' }),
    action: StringEnum(REVISION_ACTIONS, { description: 'What was done.' }),
    at: Type.Ref(Timestamp),
    by: Nullable(
      Type.Object(
        {
          key_id: Nullable(Type.String(), 'Id of the API key that made the change (null for the configured admin key).'),
          name: Type.String({ description: 'Name of that key.' }),
        },
        { description: 'Who made the change.' },
      ),
      'Who made the change; null for changes made by the command-line tool.',
    ),
    before: Nullable(Type.Object({}, { additionalProperties: true }), 'The record before the change (null for create).'),
    after: Nullable(Type.Object({}, { additionalProperties: true }), 'The record after the change.'),
  },
  { $id: 'Revision', description: 'One change to a record, as kept in its history.' },
);

export const RevisionList = Type.Object(
  {
    data: Type.Array(Type.Ref(Revision), { description: 'Revisions, oldest first.' }),
    next_cursor: NextCursor,
  },
  { $id: 'RevisionList', description: 'A page of revisions.' },
);

export const commonSchemas: TSchema[] = [
  ArticleId, ActorId, TopicId, ClaimId, PositionId, PartialDate, Precision, Stance, ActorKind, ClaimKind,
  ClaimStatus, Origin, Timestamp, ValidationIssue, Problem, Revision, RevisionList,
];
