// Topic schemas: what claims are about, in a hierarchy.
import { Type, type Static } from '@sinclair/typebox';
import { ListQuery, NextCursor, Nullable, Timestamp, TopicId, Param } from './common.js';

const slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 100, description: 'Unique lower-case slug, words joined by hyphens.', examples: ['nato-eastward-expansion'] });
const name = Type.String({ minLength: 1, maxLength: 300, description: 'Display name.' });
const description = Type.String({ maxLength: 5000, description: 'What the topic covers.' });

export const Topic = Type.Object(
  {
    id: Type.Ref(TopicId),
    slug,
    name,
    description: Nullable(description, 'What the topic covers.'),
    parent_id: Nullable(Type.Ref(TopicId), 'The broader topic this one belongs to, if any.'),
    created_at: Type.Ref(Timestamp),
    updated_at: Type.Ref(Timestamp),
  },
  { $id: 'Topic', description: 'A topic that claims are about.' },
);
export type TopicT = Static<typeof Topic>;

export const TopicCreate = Type.Object(
  {
    slug,
    name,
    description: Type.Optional(Nullable(description, 'What the topic covers.')),
    parent_id: Type.Optional(Nullable(Type.Ref(TopicId), 'The broader topic this one belongs to.')),
  },
  { $id: 'TopicCreate', additionalProperties: false, description: 'A new topic.' },
);
export type TopicCreateT = Static<typeof TopicCreate>;

export const TopicPatch = Type.Partial(TopicCreate, { $id: 'TopicPatch', additionalProperties: false, description: 'Fields to change; absent fields keep their value.' });
export type TopicPatchT = Static<typeof TopicPatch>;

export const TopicListQuery = Type.Object(
  {
    ...ListQuery,
    parent_id: Type.Optional(Param(TopicId, 'Only the direct children of this topic.')),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Case- and diacritic-insensitive text in the name or slug.' })),
  },
  { additionalProperties: false },
);
export type TopicListQueryT = Static<typeof TopicListQuery>;

export const TopicList = Type.Object(
  { data: Type.Array(Type.Ref(Topic), { description: 'Topics, oldest first.' }), next_cursor: NextCursor },
  { $id: 'TopicList', description: 'A page of topics.' },
);

export const TopicRef = Type.Object(
  { id: Type.Ref(TopicId), slug, name },
  { $id: 'TopicRef', description: 'A topic as embedded in other records.' },
);

export const topicSchemas = [Topic, TopicRef, TopicCreate, TopicPatch, TopicList];
