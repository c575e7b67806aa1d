// Network schemas: the query of GET /v1/networks and the networks it returns (after Discourse Network Analyzer).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DUPLICATES, DURATION_PATTERN, NETWORK_FORMATS, NETWORK_TYPES, NORMALIZATIONS } from '../domain/networks.js';
import { ActorId, ActorKind, Param, PartialDate, Stance, StringEnum, TopicId } from './common.js';

const many = <T extends TSchema>(item: T, description: string) =>
  Type.Optional(Type.Array(Param(item, description), { maxItems: 100, description: `${description} Repeat the parameter for several.` }));

const duration = (description: string) =>
  Type.Optional(Type.String({ pattern: DURATION_PATTERN, description, examples: ['P30D', 'P2W', 'P1M', 'P1Y'] }));

export const NetworkQuery = Type.Object(
  {
    type: Type.Optional(StringEnum(NETWORK_TYPES, {
      default: 'congruence',
      description: 'congruence: actors linked by the same stance on the same topic; conflict: by supports against opposes on the same topic; ' +
        'subtract: congruence minus conflict (may be negative); two_mode: actor-topic edges.',
    })),
    topic_id: many(TopicId, 'Only statements on this topic (default: all topics).'),
    include_subtopics: Type.Optional(Type.Boolean({
      default: false,
      description: 'With topic_id: statements on a descendant topic count as statements on the nearest listed ancestor.',
    })),
    actor_id: many(ActorId, 'Only statements by this speaker (default: all speakers).'),
    said_from: Type.Optional(Param(PartialDate, 'Only statements whose said_on interval ends on or after the first day of this partial date; undated claims are left out.')),
    said_to: Type.Optional(Param(PartialDate, 'Only statements whose said_on interval starts on or before the last day of this partial date; undated claims are left out.')),
    normalization: Type.Optional(StringEnum(NORMALIZATIONS, {
      default: 'none',
      description: 'Edge weight normalisation. One-mode types: none, average, jaccard or cosine; two_mode: none, activity or prominence.',
    })),
    duplicates: Type.Optional(StringEnum(DUPLICATES, {
      default: 'all',
      description: 'all: count every statement; article: one per actor-topic-stance per source article; ' +
        'week, month, year: one per actor-topic-stance per ISO week, month or year of said_on (undated statements once).',
    })),
    window_size: duration('Time windows of this length (ISO 8601: PnD, PnW, PnM or PnY), from said_from (or the first dated statement) to said_to (or the last); returns one network per window. JSON only.'),
    window_step: duration('How far each window starts after the previous one (default: window_size, i.e. windows that do not overlap). Needs window_size.'),
    format: Type.Optional(StringEnum(NETWORK_FORMATS, {
      description: 'Representation: json, csv (edge list), graphml or gexf. Wins over the Accept header.',
    })),
  },
  { additionalProperties: false },
);
export type NetworkQueryT = Static<typeof NetworkQuery>;

export const NetworkNode = Type.Object(
  {
    id: Type.String({ description: 'Id of the actor (act_…) or topic (top_…).' }),
    label: Type.String({ description: 'Name of the actor or topic.' }),
    kind: StringEnum(['actor', 'topic'] as const, { description: 'Whether the node is an actor or a topic.' }),
    actor_kind: Type.Optional(Type.Ref(ActorKind, { description: 'For actors: what kind of actor.' })),
    statements: Type.Integer({ minimum: 0, description: 'Statements of this actor (or on this topic) counted in the network, after duplicate handling.' }),
  },
  { $id: 'NetworkNode', description: 'An actor, or in a two-mode network also a topic, with at least one statement.' },
);

const count = (description: string) => Type.Optional(Type.Integer({ minimum: 0, description }));

export const NetworkEdge = Type.Object(
  {
    source: Type.String({ description: 'Id of one end: the lesser actor id in one-mode networks, the actor in two-mode networks.' }),
    target: Type.String({ description: 'Id of the other end: the greater actor id, or the topic.' }),
    weight: Type.Number({ description: 'Edge weight for the type and normalisation asked for; never 0.' }),
    congruence: count('One-mode: pairs of statements (one by each actor) with the same stance on the same topic.'),
    conflict: count('One-mode: pairs of statements with opposite stances (supports against opposes) on the same topic.'),
    supports: count('Two-mode: statements of the actor supporting the topic.'),
    opposes: count('Two-mode: statements opposing it.'),
    neutral: count('Two-mode: neutral statements.'),
    mixed: count('Two-mode: mixed statements.'),
    stance: Type.Optional(Type.Ref(Stance, { description: 'Two-mode: the most frequent stance; mixed on a tie.' })),
  },
  { $id: 'NetworkEdge', description: 'A weighted, undirected edge.' },
);

const options = {
  type: StringEnum(NETWORK_TYPES, { description: 'The network type.' }),
  normalization: StringEnum(NORMALIZATIONS, { description: 'The normalisation applied to weights.' }),
  duplicates: StringEnum(DUPLICATES, { description: 'How duplicate statements were counted.' }),
};

export const Network = Type.Object(
  {
    ...options,
    nodes: Type.Array(Type.Ref(NetworkNode), { description: 'Nodes sorted by id.' }),
    edges: Type.Array(Type.Ref(NetworkEdge), { description: 'Edges sorted by source, then target.' }),
  },
  { $id: 'Network', description: 'A discourse network of actors (and topics, for two_mode).' },
);
export type NetworkT = Static<typeof Network>;

const day = (description: string) => Type.String({ format: 'date', description });

export const NetworkWindows = Type.Object(
  {
    ...options,
    window_size: Type.String({ description: 'Length of each window.' }),
    window_step: Type.String({ description: 'Distance between window starts.' }),
    windows: Type.Array(
      Type.Object(
        {
          start: day('First day of the window.'),
          end: day('Last day of the window.'),
          network: Type.Ref(Network),
        },
        { description: 'The network of the statements whose said_on interval overlaps the window.' },
      ),
      { description: 'Windows in time order.' },
    ),
  },
  { $id: 'NetworkWindows', description: 'A sequence of networks over moving time windows.' },
);
export type NetworkWindowsT = Static<typeof NetworkWindows>;

export const networksSchemas: TSchema[] = [NetworkNode, NetworkEdge, Network, NetworkWindows];
