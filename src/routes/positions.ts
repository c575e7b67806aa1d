// /v1/positions: create, list, change; get, delete, restore and history come from registerLifecycleRoutes.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createPositionsRepository } from '../repositories/positions.js';
import { IdParams, PositionId, withFormat } from '../schemas/common.js';
import { Position, PositionCreate, PositionList, PositionListQuery, PositionPatch } from '../schemas/positions.js';
import { EXPORTS } from './formats.js';
import { IF_MATCH, ifMatch, listResponses, problems, readSecurity, registerLifecycleRoutes, sendEntity, sendList, WRITE_ERRORS, writeSecurity } from './shared.js';

const tags = ['positions'];

const positionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = createPositionsRepository(app.db);

  app.get('', {
    schema: {
      operationId: 'listPositions', tags, summary: 'List positions', security: readSecurity,
      description: 'Positions oldest first; filter by actor, topic, stance, or those in force at a date.',
      querystring: withFormat(PositionListQuery),
      response: listResponses(PositionList, EXPORTS.positions, 'positions'),
    },
  }, async (request, reply) =>
    sendList(request, reply, request.query, EXPORTS.positions, (cursor, limit) => repo.list({ ...request.query, cursor, limit })));

  app.post('', {
    schema: {
      operationId: 'createPosition', tags, summary: 'Record a position', security: writeSecurity,
      description: 'The actor, the topic and every evidence claim must be live, and valid_to must not be before valid_from; otherwise a 422 lists each offending field. Location names the new position.',
      body: Type.Ref(PositionCreate),
      response: { 201: Type.Ref(Position), ...problems(...WRITE_ERRORS, 422) },
    },
  }, async (request, reply) => {
    const position = repo.create(request.body, request.principal);
    reply.header('location', `/v1/positions/${position.id}`);
    return sendEntity(request, reply, position, 201);
  });

  app.patch('/:id', {
    schema: {
      operationId: 'updatePosition', tags, summary: 'Change a position', security: writeSecurity,
      description: 'Changes the fields given; evidence replaces the whole list when given. The result must still refer to live records with a period that does not end before it starts (else 422).',
      params: IdParams(PositionId), headers: IF_MATCH, body: Type.Ref(PositionPatch),
      response: { 200: Type.Ref(Position), ...problems(...WRITE_ERRORS, 404, 410, 412, 422) },
    },
  }, async (request, reply) =>
    sendEntity(request, reply, repo.update(request.params.id, request.body, request.principal, ifMatch(request))));

  registerLifecycleRoutes(app, { noun: 'Position', plural: 'positions', idSchema: PositionId, entity: Position, lifecycle: repo.lifecycle });
};

export default positionRoutes;
