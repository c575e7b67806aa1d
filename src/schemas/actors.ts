// Actor schemas: people, organisations and states that make claims, with aliases and roles over time.
import { Type, type Static } from '@sinclair/typebox';
import { ActorId, ActorKind, ListQuery, NextCursor, Nullable, PartialDate, Precision, Timestamp, Param } from './common.js';

// A non-space character: a name or alias of blanks would fold to the empty key and match everything.
const name = Type.String({ minLength: 1, maxLength: 300, pattern: '\\S', description: 'The name as usually written in the sources.', examples: ['Maria Zakharova'] });
const alias = Type.String({ minLength: 1, maxLength: 300, pattern: '\\S', description: 'Another spelling or transliteration of the name.', examples: ['Zajárova'] });
const aliases = Type.Array(alias, {
  maxItems: 100,
  description: 'Other spellings and transliterations, in the order given; no two may fold (case and diacritics ignored) to the same text, nor to the name.',
});
const description = Type.String({ maxLength: 5000, description: 'Who or what the actor is.' });
const wikidataId = Type.String({ pattern: '^Q[1-9][0-9]*$', description: 'Wikidata item id; unique across actors.', examples: ['Q230962'] });
const country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code, upper case.', examples: ['RU'] });
const title = Type.String({ minLength: 1, maxLength: 300, description: 'The office or affiliation, e.g. "Minister of Foreign Affairs".' });

export const ActorRef = Type.Object(
  {
    id: Type.Ref(ActorId),
    name: Type.String({ description: 'The actor\'s name.' }),
  },
  { $id: 'ActorRef', description: 'An actor embedded in another record: its id and name.' },
);
export type ActorRefT = Static<typeof ActorRef>;

export const Role = Type.Object(
  {
    title,
    organization_id: Nullable(Type.Ref(ActorId), 'The organisation (an actor) the role is held in, if any.'),
    organization: Nullable(Type.Ref(ActorRef), 'That organisation\'s id and name; null when there is none.'),
    start: Nullable(Type.Ref(PartialDate), 'When the role began, as given; null when unknown.'),
    start_precision: Nullable(Type.Ref(Precision), 'Precision of start; null when start is null.'),
    end: Nullable(Type.Ref(PartialDate), 'When the role ended, as given; null while it is held or when unknown.'),
    end_precision: Nullable(Type.Ref(Precision), 'Precision of end; null when end is null.'),
  },
  { $id: 'Role', description: 'An office or affiliation held over a period.' },
);
export type RoleT = Static<typeof Role>;

export const RoleInput = Type.Object(
  {
    title,
    organization_id: Type.Optional(Nullable(Type.Ref(ActorId), 'The organisation (a live actor) the role is held in.')),
    start: Type.Optional(Nullable(Type.Ref(PartialDate), 'When the role began (YYYY, YYYY-MM or YYYY-MM-DD).')),
    end: Type.Optional(Nullable(Type.Ref(PartialDate), 'When the role ended; not before start.')),
  },
  { $id: 'RoleInput', additionalProperties: false, description: 'An office or affiliation to record.' },
);
export type RoleInputT = Static<typeof RoleInput>;

export const Actor = Type.Object(
  {
    id: Type.Ref(ActorId),
    name,
    kind: Type.Ref(ActorKind),
    aliases,
    description: Nullable(description, 'Who or what the actor is.'),
    wikidata_id: Nullable(wikidataId, 'Wikidata item id, if known.'),
    country: Nullable(country, 'ISO 3166-1 alpha-2 country the actor belongs to, if any.'),
    roles: Type.Array(Type.Ref(Role), { description: 'Offices and affiliations over time, in the order given.' }),
    created_at: Type.Ref(Timestamp),
    updated_at: Type.Ref(Timestamp),
  },
  { $id: 'Actor', description: 'A person, organisation, state or other actor that makes or receives claims.' },
);
export type ActorT = Static<typeof Actor>;

export const ActorCreate = Type.Object(
  {
    name,
    kind: Type.Ref(ActorKind),
    aliases: Type.Optional(aliases),
    description: Type.Optional(Nullable(description, 'Who or what the actor is.')),
    wikidata_id: Type.Optional(Nullable(wikidataId, 'Wikidata item id; unique across actors.')),
    country: Type.Optional(Nullable(country, 'ISO 3166-1 alpha-2 country the actor belongs to.')),
    roles: Type.Optional(Type.Array(Type.Ref(RoleInput), { maxItems: 100, description: 'Offices and affiliations over time.' })),
  },
  { $id: 'ActorCreate', additionalProperties: false, description: 'A new actor.' },
);
export type ActorCreateT = Static<typeof ActorCreate>;

export const ActorPatch = Type.Partial(ActorCreate, {
  $id: 'ActorPatch',
  additionalProperties: false,
  description: 'Fields to change; absent fields keep their value; aliases and roles, when given, replace the whole list.',
});
export type ActorPatchT = Static<typeof ActorPatch>;

export const ActorListQuery = Type.Object(
  {
    ...ListQuery,
    kind: Type.Optional(Param(ActorKind, 'Only actors of this kind.')),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'Only actors of this ISO 3166-1 alpha-2 country.' })),
    wikidata_id: Type.Optional(Type.String({ pattern: '^Q[1-9][0-9]*$', description: 'Only the actor with this Wikidata item id.' })),
    q: Type.Optional(Type.String({
      minLength: 1, maxLength: 200, pattern: '\\S',
      description: 'Case- and diacritic-insensitive text in the name or an alias; results ranked exact match, then prefix, then contains.',
    })),
  },
  { additionalProperties: false },
);
export type ActorListQueryT = Static<typeof ActorListQuery>;

export const ActorList = Type.Object(
  { data: Type.Array(Type.Ref(Actor), { description: 'Actors, oldest first; best match first when q is given.' }), next_cursor: NextCursor },
  { $id: 'ActorList', description: 'A page of actors.' },
);

export const ActorMerge = Type.Object(
  {
    from: Type.Array(Type.Ref(ActorId), {
      minItems: 1, maxItems: 100, uniqueItems: true,
      description: 'The duplicates to merge into this actor: live actors other than it, each listed once, merged in this order.',
    }),
  },
  { $id: 'ActorMerge', additionalProperties: false, description: 'Which actors to merge into this one.' },
);
export type ActorMergeT = Static<typeof ActorMerge>;

export const actorSchemas = [ActorRef, Role, RoleInput, Actor, ActorCreate, ActorPatch, ActorList, ActorMerge];
