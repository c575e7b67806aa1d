// /v1/topics: create, list, change; get, delete, restore and history come from registerLifecycleRoutes.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createTopicsRepository } from '../repositories/topics.js';
import { IdParams, TopicId, withFormat } from '../schemas/common.js';
import { Topic, TopicCreate, TopicList, TopicListQuery, TopicPatch } from '../schemas/topics.js';
import { EXPORTS } from './formats.js';
import { IF_MATCH, ifMatch, listResponses, problems, readSecurity, registerLifecycleRoutes, sendEntity, sendList, WRITE_ERRORS, writeSecurity } from './shared.js';

const tags = ['topics'];

const topicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = createTopicsRepository(app.db);

  app.get('', {
    schema: {
      operationId: 'listTopics', tags, summary: 'List topics', security: readSecurity,
      description: 'Topics oldest first, optionally the children of one topic or those matching a text.',
      querystring: withFormat(TopicListQuery),
      response: listResponses(TopicList, EXPORTS.topics, 'topics'),
    },
  }, async (request, reply) =>
    sendList(request, reply, request.query, EXPORTS.topics, (cursor, limit) => repo.list({ ...request.query, cursor, limit })));

  app.post('', {
    schema: {
      operationId: 'createTopic', tags, summary: 'Create a topic', security: writeSecurity,
      description: 'The slug must be unique (a duplicate is a 409 naming the existing topic); parent_id must be a live topic (else 422). Location names the new topic.',
      body: Type.Ref(TopicCreate),
      response: { 201: Type.Ref(Topic), ...problems(...WRITE_ERRORS, 409, 422) },
    },
  }, async (request, reply) => {
    const topic = repo.create(request.body, request.principal);
    reply.header('location', `/v1/topics/${topic.id}`);
    return sendEntity(request, reply, topic, 201);
  });

  app.patch('/:id', {
    schema: {
      operationId: 'updateTopic', tags, summary: 'Change a topic', security: writeSecurity,
      description: 'Changes the fields given. A taken slug is a 409; a parent_id that is not a live topic, or that would make the hierarchy circular, is a 422.',
      params: IdParams(TopicId), headers: IF_MATCH, body: Type.Ref(TopicPatch),
      response: { 200: Type.Ref(Topic), ...problems(...WRITE_ERRORS, 404, 409, 410, 412, 422) },
    },
  }, async (request, reply) =>
    sendEntity(request, reply, repo.update(request.params.id, request.body, request.principal, ifMatch(request))));

  registerLifecycleRoutes(app, { noun: 'Topic', plural: 'topics', idSchema: TopicId, entity: Topic, lifecycle: repo.lifecycle });
};

export default topicRoutes;
