// Analysis schemas: an actor's timeline, who stood where on a topic, stance changes and contradictions.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TIMELINE_EVENT_TYPES } from '../domain/stances.js';
import { ActorRef } from './actors.js';
import { Claim } from './claims.js';
import {
  ActorId, ListQuery, NextCursor, Nullable, Param, PartialDate, Precision, Stance, StringEnum, TopicId,
} from './common.js';
import { Position } from './positions.js';
import { TopicRef } from './topics.js';

const includeSubtopics = Type.Optional(Type.Boolean({ default: false, description: 'Also take in the topic\'s sub-topics, at any depth.' }));
const day = (description: string) => Type.String({ format: 'date', description });

export const TimelineEventType = StringEnum(TIMELINE_EVENT_TYPES, {
  $id: 'TimelineEventType',
  description: 'What happened: a claim made, a role begun or ended, a position taken up or given up.',
});

export const TimelineRole = Type.Object(
  {
    title: Type.String({ description: 'Title of the role.' }),
    organization: Nullable(Type.Ref(ActorRef), 'The organisation of the role, if any.'),
    start: Nullable(Type.Ref(PartialDate), 'When the role began; null when unknown.'),
    end: Nullable(Type.Ref(PartialDate), 'When the role ended; null while held.'),
  },
  { $id: 'TimelineRole', description: 'The role that began or ended.' },
);

export const TimelineEvent = Type.Object(
  {
    date: Nullable(Type.Ref(PartialDate), 'When it happened, as recorded; null only for claims with no said_on, which come last.'),
    date_precision: Nullable(Type.Ref(Precision), 'Precision of date.'),
    type: Type.Ref(TimelineEventType),
    claim: Type.Optional(Type.Ref(Claim, { description: 'The claim, for type claim.' })),
    role: Type.Optional(Type.Ref(TimelineRole, { description: 'The role, for role_start and role_end.' })),
    position: Type.Optional(Type.Ref(Position, { description: 'The position, for position_start and position_end.' })),
  },
  { $id: 'TimelineEvent', description: 'One dated event in an actor\'s timeline; exactly one of claim, role and position is present.' },
);
export type TimelineEventT = Static<typeof TimelineEvent>;

export const Timeline = Type.Object(
  {
    data: Type.Array(Type.Ref(TimelineEvent), { description: 'Events by the first day of their date, then type, then record id; undated claims last.' }),
    next_cursor: NextCursor,
  },
  { $id: 'Timeline', description: 'A page of an actor\'s timeline.' },
);

export const TimelineQuery = Type.Object(
  {
    ...ListQuery,
    topic_id: Type.Optional(Param(TopicId, 'Only claims and positions on this topic; roles are always listed.')),
    include_subtopics: includeSubtopics,
    from: Type.Optional(Param(PartialDate, 'Only events whose date overlaps this date or later (undated claims are then left out).')),
    to: Type.Optional(Param(PartialDate, 'Only events whose date overlaps this date or earlier (undated claims are then left out).')),
    types: Type.Optional(Type.Array(Param(TimelineEventType, 'An event type.'), {
      minItems: 1, uniqueItems: true, description: 'Only these event types; repeat the parameter for several. All types when absent.',
    })),
  },
  { additionalProperties: false },
);
export type TimelineQueryT = Static<typeof TimelineQuery>;

export const StanceCounts = Type.Object(
  {
    supports: Type.Integer({ minimum: 0, description: 'Claims that support the topic.' }),
    opposes: Type.Integer({ minimum: 0, description: 'Claims that oppose it.' }),
    neutral: Type.Integer({ minimum: 0, description: 'Claims that are neutral on it.' }),
    mixed: Type.Integer({ minimum: 0, description: 'Claims with a mixed stance.' }),
  },
  { $id: 'StanceCounts', description: 'Numbers of claims by stance.' },
);

export const DateWindow = Type.Object(
  { from: day('First day of the window.'), to: day('Last day of the window.') },
  { $id: 'DateWindow', description: 'The days whose claims are counted: the interval of `at` widened by window_days on each side.' },
);

export const TopicStance = Type.Object(
  {
    actor: Type.Ref(ActorRef),
    position: Nullable(Type.Ref(Position), 'The actor\'s position in force at `at`, the latest-starting one if several; null when none.'),
    claims: Type.Ref(StanceCounts, { description: 'The actor\'s live claims on the topic whose said_on overlaps the window, by stance.' }),
    undated_claims: Type.Ref(StanceCounts, { description: 'The actor\'s live claims on the topic with no said_on, by stance: they cannot be placed in the window.' }),
    window: Type.Ref(DateWindow),
  },
  { $id: 'TopicStance', description: 'Where one actor stood on the topic at a date.' },
);
export type TopicStanceT = Static<typeof TopicStance>;

export const TopicStanceList = Type.Object(
  { data: Type.Array(Type.Ref(TopicStance), { description: 'Actors with a position or claim on the topic, by name.' }), next_cursor: NextCursor },
  { $id: 'TopicStanceList', description: 'A page of actors\' stances on a topic at a date.' },
);

export const TopicStancesQuery = Type.Object(
  {
    ...ListQuery,
    at: Param(PartialDate, 'The date to report on (YYYY, YYYY-MM or YYYY-MM-DD); a month or year means the whole interval.'),
    window_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, default: 30, description: 'Days added before and after `at` when counting claims (0 to 3650).' })),
    include_subtopics: includeSubtopics,
  },
  { additionalProperties: false },
);
export type TopicStancesQueryT = Static<typeof TopicStancesQuery>;

export const StanceChange = Type.Object(
  {
    date: Type.Ref(PartialDate, { description: 'said_on of the claim with the new stance.' }),
    date_precision: Type.Ref(Precision),
    topic: Type.Ref(TopicRef, { description: 'The topic the stance changed on (a sub-topic with include_subtopics).' }),
    from_stance: Type.Ref(Stance, { description: 'Stance of the previous claim.' }),
    to_stance: Type.Ref(Stance, { description: 'Stance of this claim.' }),
    before: Type.Ref(Claim, { description: 'The previous claim, with the old stance.' }),
    after: Type.Ref(Claim, { description: 'The claim with the new stance.' }),
  },
  { $id: 'StanceChange', description: 'Two consecutive dated claims of an actor on one topic with different stances.' },
);
export type StanceChangeT = Static<typeof StanceChange>;

export const StanceChangeList = Type.Object(
  { data: Type.Array(Type.Ref(StanceChange), { description: 'Changes in said_on order of the claim with the new stance.' }), next_cursor: NextCursor },
  { $id: 'StanceChangeList', description: 'A page of an actor\'s stance changes on a topic.' },
);

export const StanceChangesQuery = Type.Object(
  {
    ...ListQuery,
    topic_id: Param(TopicId, 'The topic (required).'),
    include_subtopics: Type.Optional(Type.Boolean({ default: false, description: 'Also walk the topic\'s sub-topics, at any depth, each on its own: a stance is compared only with earlier stances on the same topic.' })),
    ignore_neutral: Type.Optional(Type.Boolean({ default: false, description: 'Skip neutral claims: moving to or from neutral is then not a change.' })),
  },
  { additionalProperties: false },
);
export type StanceChangesQueryT = Static<typeof StanceChangesQuery>;

export const Contradiction = Type.Object(
  {
    actor: Type.Ref(ActorRef),
    topic: Type.Ref(TopicRef),
    supports: Type.Ref(Claim, { description: 'The claim that supports the topic.' }),
    opposes: Type.Ref(Claim, { description: 'The claim by the same actor that opposes it.' }),
  },
  { $id: 'Contradiction', description: 'Two live claims by one actor with opposite stances on one topic.' },
);
export type ContradictionT = Static<typeof Contradiction>;

export const ContradictionList = Type.Object(
  {
    data: Type.Array(Type.Ref(Contradiction), { description: 'Pairs by actor name, topic slug, said_on of the supporting claim, then of the opposing one (undated last).' }),
    next_cursor: NextCursor,
  },
  { $id: 'ContradictionList', description: 'A page of contradicting claim pairs.' },
);

export const ContradictionsQuery = Type.Object(
  {
    ...ListQuery,
    actor_id: Type.Optional(Param(ActorId, 'Only this actor\'s claims. At least one of actor_id and topic_id is required.')),
    topic_id: Type.Optional(Param(TopicId, 'Only pairs on this topic. At least one of actor_id and topic_id is required.')),
    include_subtopics: Type.Optional(Type.Boolean({ default: false, description: 'With topic_id, also pairs on its sub-topics, at any depth (each pair is still on one topic).' })),
  },
  { additionalProperties: false },
);
export type ContradictionsQueryT = Static<typeof ContradictionsQuery>;

export const analysisSchemas: TSchema[] = [
  TimelineEventType, TimelineRole, TimelineEvent, Timeline, StanceCounts, DateWindow, TopicStance, TopicStanceList,
  StanceChange, StanceChangeList, Contradiction, ContradictionList,
];
