// Analysis reads: an actor's timeline and stance changes, a topic's stances at a date, contradictions.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createAnalysisRepository } from '../repositories/analysis.js';
import {
  ContradictionList, ContradictionsQuery, StanceChangeList, StanceChangesQuery, Timeline, TimelineQuery, TopicStanceList,
  TopicStancesQuery,
} from '../schemas/analysis.js';
import { ActorId, IdParams, TopicId, withFormat } from '../schemas/common.js';
import { EXPORTS } from './formats.js';
import { listResponses, movedResponse, readSecurity, sendList } from './shared.js';
import { sharedTurnstile } from './turnstile.js';

const analysisRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = createAnalysisRepository(app.db);
  // Stances at a date read every actor's claims on the topic in a window: they take turns with the other heavy reads.
  const heavyTurn = sharedTurnstile(app.db);

  app.get('/actors/:id/timeline', {
    schema: {
      operationId: 'getActorTimeline', tags: ['actors'], summary: 'An actor\'s timeline', security: readSecurity,
      description: 'The actor\'s claims (as speaker), role starts and ends, and position starts and ends as one list, ordered by the ' +
        'first day of each event\'s date, then type (claim, position_end, position_start, role_end, role_start), then record id. ' +
        'Claims with no said_on come last; roles and positions with an unknown bound give no event for it. ' +
        'from and to keep events whose date interval overlaps them; topic_id keeps claims and positions on that topic, and all roles.',
      params: IdParams(ActorId), querystring: withFormat(TimelineQuery),
      response: { ...listResponses(Timeline, EXPORTS.timeline, 'timeline events', 404, 410, 422), ...movedResponse('actor') },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    repo.requireParent('actor', id);
    return sendList(request, reply, request.query, { ...EXPORTS.timeline, file: `actor-${id}-timeline` },
      (cursor, limit) => repo.timeline(id, { ...request.query, cursor, limit }),
      { json: (cursor, limit) => repo.timelineJson(id, { ...request.query, cursor, limit }) });
  });

  app.get('/topics/:id/stances', {
    schema: {
      operationId: 'getTopicStances', tags: ['topics'], summary: 'Who stood where on a topic at a date', security: readSecurity,
      description: 'For each live actor with a live position or claim on the topic at any time, by name: the position in force at `at` ' +
        '(valid_from ≤ the end of `at` and valid_to, if any, ≥ its start; the latest-starting if several; an unknown valid_from counts as open), ' +
        'and counts by stance of the actor\'s live claims on the topic whose said_on overlaps `at` widened by window_days on each side. ' +
        'Undated claims are counted apart, in undated_claims.',
      params: IdParams(TopicId), querystring: withFormat(TopicStancesQuery),
      response: listResponses(TopicStanceList, EXPORTS.topicStances, 'actors\' stances', 404, 410),
    },
  }, async (request, reply) => {
    const { id } = request.params;
    repo.requireParent('topic', id);
    return heavyTurn(() => sendList(request, reply, request.query, { ...EXPORTS.topicStances, file: `topic-${id}-stances` },
      (cursor, limit) => repo.topicStances(id, { ...request.query, cursor, limit })));
  });

  app.get('/actors/:id/stance-changes', {
    schema: {
      operationId: 'listStanceChanges', tags: ['actors'], summary: 'When an actor changed stance on a topic', security: readSecurity,
      description: 'Walks the actor\'s dated live claims on the topic in said_on order (first day, then id) and reports each claim whose stance ' +
        'on that topic differs from the previous claim\'s, with both claims. All four stances are compared unless ignore_neutral is set. ' +
        'With include_subtopics each sub-topic is walked on its own and the changes are merged in date order. Undated claims are left out.',
      params: IdParams(ActorId), querystring: withFormat(StanceChangesQuery),
      response: { ...listResponses(StanceChangeList, EXPORTS.stanceChanges, 'stance changes', 404, 410, 422), ...movedResponse('actor') },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    repo.requireParent('actor', id);
    return sendList(request, reply, request.query, { ...EXPORTS.stanceChanges, file: `actor-${id}-stance-changes` },
      (cursor, limit) => repo.stanceChanges(id, { ...request.query, cursor, limit }));
  });

  app.get('/contradictions', {
    schema: {
      operationId: 'listContradictions', tags: ['claims'], summary: 'Pairs of claims by one actor with opposite stances', security: readSecurity,
      description: 'Every pair of live claims by one actor, one supporting and one opposing the same topic. Give actor_id, topic_id or both ' +
        '(neither is a 400). Ordered by actor name, topic slug, then said_on of the supporting and of the opposing claim, undated last.',
      querystring: withFormat(ContradictionsQuery),
      response: listResponses(ContradictionList, EXPORTS.contradictions, 'contradicting claim pairs', 422),
    },
  }, async (request, reply) =>
    sendList(request, reply, request.query, EXPORTS.contradictions, (cursor, limit) => repo.contradictions({ ...request.query, cursor, limit })));
};

export default analysisRoutes;
