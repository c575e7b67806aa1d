// Position schemas: an actor's stance on a topic over a period, with the claims that show it.
import { Type, type Static } from '@sinclair/typebox';
import { ActorRef } from './actors.js';
import { ActorId, ClaimId, ListQuery, NextCursor, Nullable, PartialDate, PositionId, Precision, Stance, Timestamp, TopicId, Param } from './common.js';
import { TopicRef } from './topics.js';

const summary = Type.String({ minLength: 1, maxLength: 5000, description: 'The position in a sentence or two.' });
const evidence = Type.Array(Type.Ref(ClaimId), { uniqueItems: true, maxItems: 500, description: 'Claims that show the position.' });

export const Position = Type.Object(
  {
    id: Type.Ref(PositionId),
    actor_id: Type.Ref(ActorId),
    actor: Type.Ref(ActorRef),
    topic_id: Type.Ref(TopicId),
    topic: Type.Ref(TopicRef),
    stance: Type.Ref(Stance),
    summary: Nullable(summary, 'The position in a sentence or two.'),
    valid_from: Nullable(Type.Ref(PartialDate), 'When the actor began to hold it; null when unknown.'),
    valid_from_precision: Nullable(Type.Ref(Precision), 'Precision of valid_from.'),
    valid_to: Nullable(Type.Ref(PartialDate), 'When the actor stopped holding it; null while held.'),
    valid_to_precision: Nullable(Type.Ref(Precision), 'Precision of valid_to.'),
    evidence,
    created_at: Type.Ref(Timestamp),
    updated_at: Type.Ref(Timestamp),
  },
  { $id: 'Position', description: 'An actor\'s stance on a topic over a period.' },
);
export type PositionT = Static<typeof Position>;

export const PositionCreate = Type.Object(
  {
    actor_id: Type.Ref(ActorId),
    topic_id: Type.Ref(TopicId),
    stance: Type.Ref(Stance),
    summary: Type.Optional(Nullable(summary, 'The position in a sentence or two.')),
    valid_from: Type.Optional(Nullable(Type.Ref(PartialDate), 'When the actor began to hold it.')),
    valid_to: Type.Optional(Nullable(Type.Ref(PartialDate), 'When the actor stopped holding it; null or absent while held.')),
    evidence: Type.Optional(evidence),
  },
  { $id: 'PositionCreate', additionalProperties: false, description: 'A new position.' },
);
export type PositionCreateT = Static<typeof PositionCreate>;

export const PositionPatch = Type.Partial(PositionCreate, {
  $id: 'PositionPatch', additionalProperties: false, description: 'Fields to change; evidence replaces the whole list when given.',
});
export type PositionPatchT = Static<typeof PositionPatch>;

export const PositionListQuery = Type.Object(
  {
    ...ListQuery,
    actor_id: Type.Optional(Param(ActorId, 'Only positions of this actor.')),
    topic_id: Type.Optional(Param(TopicId, 'Only positions on this topic.')),
    stance: Type.Optional(Param(Stance, 'Only positions with this stance.')),
    at: Type.Optional(Param(PartialDate, 'Only positions in force at some time within this date.')),
  },
  { additionalProperties: false },
);
export type PositionListQueryT = Static<typeof PositionListQuery>;

export const PositionList = Type.Object(
  { data: Type.Array(Type.Ref(Position), { description: 'Positions, oldest first.' }), next_cursor: NextCursor },
  { $id: 'PositionList', description: 'A page of positions.' },
);

export const positionSchemas = [Position, PositionCreate, PositionPatch, PositionList];
