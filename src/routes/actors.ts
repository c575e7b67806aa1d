// /v1/actors: create, list and search, change; get, delete, restore and history come from registerLifecycleRoutes.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createActorsRepository } from '../repositories/actors.js';
import { Actor, ActorCreate, ActorList, ActorListQuery, ActorPatch } from '../schemas/actors.js';
import { ActorId, IdParams, withFormat } from '../schemas/common.js';
import { EXPORTS } from './formats.js';
import { IF_MATCH, ifMatch, listResponses, problems, readSecurity, registerLifecycleRoutes, sendEntity, sendList, WRITE_ERRORS, writeSecurity } from './shared.js';

const tags = ['actors'];

const actorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = createActorsRepository(app.db);

  app.get('', {
    schema: {
      operationId: 'listActors', tags, summary: 'List or search actors', security: readSecurity,
      description:
        'Actors oldest first, filtered by kind, country or Wikidata id. With q, a case- and diacritic-insensitive ' +
        'search over names and aliases ("zajarova" finds "Zajárova"), best match first: exact, then prefix, then contains.',
      querystring: withFormat(ActorListQuery),
      response: listResponses(ActorList, EXPORTS.actors, 'actors'),
    },
  }, async (request, reply) =>
    sendList(request, reply, request.query, EXPORTS.actors, (cursor, limit) => repo.list({ ...request.query, cursor, limit })));

  app.post('', {
    schema: {
      operationId: 'createActor', tags, summary: 'Create an actor', security: writeSecurity,
      description: 'Aliases must differ from each other and from the name, case and diacritics ignored; role organisations must be live actors.',
      body: Type.Ref(ActorCreate),
      response: { 201: Type.Ref(Actor), ...problems(...WRITE_ERRORS, 409, 422) },
    },
  }, async (request, reply) => {
    const actor = repo.create(request.body, request.principal);
    reply.header('location', `/v1/actors/${actor.id}`);
    return sendEntity(request, reply, actor, 201);
  });

  app.patch('/:id', {
    schema: {
      operationId: 'updateActor', tags, summary: 'Change an actor', security: writeSecurity,
      description: 'Changes the fields given; aliases and roles, when given, replace the whole list.',
      params: IdParams(ActorId), headers: IF_MATCH, body: Type.Ref(ActorPatch),
      response: { 200: Type.Ref(Actor), ...problems(...WRITE_ERRORS, 404, 409, 410, 412, 422) },
    },
  }, async (request, reply) =>
    sendEntity(request, reply, repo.update(request.params.id, request.body, request.principal, ifMatch(request))));

  registerLifecycleRoutes(app, { noun: 'Actor', plural: 'actors', idSchema: ActorId, entity: Actor, lifecycle: repo.lifecycle });
};

export default actorRoutes;
