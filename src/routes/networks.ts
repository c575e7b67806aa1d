// /v1/networks: discourse networks of actors and topics (after Discourse Network Analyzer) as JSON, CSV, GraphML or GEXF.
import { Type } from '@sinclair/typebox';
import Negotiator from 'negotiator';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import {
  buildNetwork, dateRange, networkToCsv, networkToGexf, networkToGraphml, ONE_MODE_NORMALIZATIONS, parseDuration, timeWindows,
  TWO_MODE_NORMALIZATIONS, windowNetworks, type Duration, type NetworkFormat, type NetworkOptions,
} from '../domain/networks.js';
import { parsePartialDate, type PartialDate } from '../domain/partial-date.js';
import { HttpProblem, invalid } from '../plugins/errors.js';
import { createNetworksRepository } from '../repositories/networks.js';
import { Network, NetworkQuery, NetworkWindows, type NetworkQueryT } from '../schemas/networks.js';
import { problems, READ_ERRORS, readSecurity } from './shared.js';
import { sharedTurnstile } from './turnstile.js';

export const MAX_WINDOWS = 500;

export const MEDIA_TYPES: Record<NetworkFormat, string> = {
  json: 'application/json',
  csv: 'text/csv',
  graphml: 'application/graphml+xml',
  gexf: 'application/gexf+xml',
};
const SEND_AS: Record<NetworkFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  graphml: 'application/graphml+xml; charset=utf-8',
  gexf: 'application/gexf+xml; charset=utf-8',
};

/** The best of `available` for an Accept header (q-values honoured; none or blank means the first). Null when none is acceptable. */
export function negotiate(accept: string | undefined, available: readonly NetworkFormat[]): NetworkFormat | null {
  if (accept === undefined || accept.trim() === '') return available[0] ?? null;
  const best = new Negotiator({ headers: { accept } }).mediaType(available.map((f) => MEDIA_TYPES[f]));
  return available.find((f) => MEDIA_TYPES[f] === best) ?? null;
}

interface Plan {
  options: NetworkOptions;
  from: PartialDate | null;
  to: PartialDate | null;
  windows: { size: Duration; step: Duration; sizeText: string; stepText: string } | null;
}

/** Checks what the schema cannot: real dates, their order, normalisation against type, and windows. */
function plan(q: NetworkQueryT): Plan {
  const issues: { in: 'query'; pointer: string; message: string }[] = [];
  const bad = (name: string, message: string) => issues.push({ in: 'query', pointer: `/${name}`, message });
  const date = (name: 'said_from' | 'said_to') => {
    const value = q[name];
    if (value === undefined) return null;
    const d = parsePartialDate(value);
    if (d === null) bad(name, 'is not a real date');
    return d;
  };
  const from = date('said_from');
  const to = date('said_to');
  if (from && to && from.lo > to.hi) bad('said_to', 'must not be before said_from');

  const type = q.type ?? 'congruence';
  const normalization = q.normalization ?? 'none';
  const allowed: readonly string[] = type === 'two_mode' ? TWO_MODE_NORMALIZATIONS : ONE_MODE_NORMALIZATIONS;
  if (!allowed.includes(normalization)) bad('normalization', `is not available for type=${type}; use one of: ${allowed.join(', ')}`);

  let windows: Plan['windows'] = null;
  if (q.window_step !== undefined && q.window_size === undefined) bad('window_step', 'needs window_size');
  if (q.window_size !== undefined) {
    const size = parseDuration(q.window_size);
    const step = parseDuration(q.window_step ?? q.window_size);
    if (size && step) windows = { size, step, sizeText: q.window_size, stepText: q.window_step ?? q.window_size };
    if (q.format !== undefined && q.format !== 'json') bad('format', 'time windows are only available as json');
  }
  if (issues.length > 0) throw invalid(issues);
  return { options: { type, normalization, duplicates: q.duplicates ?? 'all' }, from, to, windows };
}

const unique = (ids: string[] | undefined) => (ids === undefined ? undefined : [...new Set(ids)]);

const networksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = createNetworksRepository(app.db);
  // A network reads every statement in scope: networks take turns with the other heavy reads.
  const heavyTurn = sharedTurnstile(app.db);

  app.get('/', {
    schema: {
      operationId: 'getNetwork', tags: ['networks'], summary: 'Compute a discourse network', security: readSecurity,
      description: 'Actor-actor congruence, conflict or subtract networks, or actor-topic two-mode networks, over the statements ' +
        '(claim, topic, stance) of live claims, after Discourse Network Analyzer. Filter by topic (with sub-topics), speaker and said date; ' +
        'normalise weights; count duplicates once per article, week, month or year; split into time windows. ' +
        'JSON, a CSV edge list, GraphML or GEXF, chosen by `format` or by the Accept header.',
      querystring: NetworkQuery,
      response: {
        200: {
          description: 'The network (or, with window_size, one network per time window) in the representation asked for.',
          content: {
            'application/json': { schema: Type.Union([Type.Ref(Network), Type.Ref(NetworkWindows)]) },
            'text/csv': { schema: Type.String({ description: 'Edge list, RFC 4180, with a header row: source,target,source_label,target_label,weight and the counts.' }) },
            'application/graphml+xml': { schema: Type.String({ description: 'GraphML 1.0, undirected.' }) },
            'application/gexf+xml': { schema: Type.String({ description: 'GEXF 1.3, undirected.' }) },
          },
        },
        ...problems(...READ_ERRORS),
        406: { ...problems(406)[406], description: 'The Accept header allows none of the representations this request can have.' },
        ...problems(422),
      },
    },
  }, async (request, reply) => {
    const q = request.query;
    const p = plan(q);
    const available: NetworkFormat[] = p.windows ? ['json'] : ['json', 'csv', 'graphml', 'gexf'];
    reply.header('vary', 'accept');
    const format = q.format ?? negotiate(request.headers.accept, available);
    if (format === null) {
      throw new HttpProblem(406, `this request can be answered as ${available.map((f) => MEDIA_TYPES[f]).join(', ')}; the Accept header allows none of them`);
    }
    const topicIds = unique(q.topic_id);
    const actorIds = unique(q.actor_id);
    repo.checkReferences(topicIds ?? [], actorIds ?? []);
    return heavyTurn(() => respond(q, p, format, topicIds, actorIds, reply));
  });

  function respond(q: NetworkQueryT, p: Plan, format: NetworkFormat, topicIds: string[] | undefined, actorIds: string[] | undefined, reply: FastifyReply) {
    const statements = repo.statements({
      topicIds, actorIds, includeSubtopics: q.include_subtopics ?? false, from: p.from?.lo, to: p.to?.hi,
      withArticles: p.options.duplicates === 'article',
    });

    if (p.windows) {
      const range = dateRange(statements);
      const start = p.from?.lo ?? range?.start;
      const end = p.to?.hi ?? range?.end;
      const windows = start === undefined || end === undefined ? [] : timeWindows(start, end, p.windows.size, p.windows.step, MAX_WINDOWS);
      if (windows === null) {
        throw invalid([{ in: 'query', pointer: q.window_step === undefined ? '/window_size' : '/window_step', message: `makes more than ${MAX_WINDOWS} windows over ${start} to ${end}` }]);
      }
      return reply.type(SEND_AS.json).send({
        ...p.options, window_size: p.windows.sizeText, window_step: p.windows.stepText, windows: windowNetworks(statements, windows, p.options),
      });
    }
    const network = buildNetwork(statements, p.options);
    reply.type(SEND_AS[format]);
    if (format === 'csv') return reply.send(networkToCsv(network));
    if (format === 'graphml') return reply.send(networkToGraphml(network));
    if (format === 'gexf') return reply.send(networkToGexf(network));
    return reply.send(network);
  }
};

export default networksRoutes;
