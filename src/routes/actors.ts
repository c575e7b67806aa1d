// /v1/actors: create, list and search, change, merge; get, delete, restore and history come from registerLifecycleRoutes.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createActorsRepository } from '../repositories/actors.js';
import { Actor, ActorCreate, ActorList, ActorListQuery, ActorMerge, ActorPatch, type ActorT } from '../schemas/actors.js';
import { ActorId, IdParams, withFormat } from '../schemas/common.js';
import { POPOLO_MEDIA_TYPE, toPopolo, toPopoloExport } from '../interchange/popolo.js';
import { EXPORTS } from './formats.js';
import {
  IF_MATCH, ifMatch, listResponsesWith, problems, readSecurity, registerLifecycleRoutes, sendEntity, sendList, sendPageAs, WRITE_ERRORS, writeSecurity,
  type Representation,
} from './shared.js';

const tags = ['actors'];

/** Popolo JSON (popoloproject.com), when Accept prefers application/vnd.popolo+json. */
const representations: Representation<ActorT>[] = [{
  mediaType: POPOLO_MEDIA_TYPE,
  description: 'Popolo JSON. One actor: a person as a Popolo Person (other_names from aliases, identifiers with the Wikidata id, ' +
    'memberships from roles), any other actor as an Organization whose classification is its kind. A list: one page in ' +
    'Popolo\'s export format, {persons, organizations, memberships}, with a Link to the next page.',
  one: toPopolo,
  page: toPopoloExport,
}];

const actorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = createActorsRepository(app.db);

  app.get('', {
    schema: {
      operationId: 'listActors', tags, summary: 'List or search actors', security: readSecurity,
      description:
        'Actors oldest first, filtered by kind, country or Wikidata id. With q, a case- and diacritic-insensitive ' +
        'search over names and aliases ("zajarova" finds "Zajárova"), best match first: exact, then prefix, then contains.',
      querystring: withFormat(ActorListQuery),
      response: listResponsesWith(ActorList, EXPORTS.actors, 'actors', representations),
    },
  }, async (request, reply) => {
    const fetch = (cursor: string | undefined, limit: number) => repo.list({ ...request.query, cursor, limit });
    return sendPageAs(request, reply, request.query, representations, fetch) ?? sendList(request, reply, request.query, EXPORTS.actors, fetch);
  });

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
      description: 'Changes the fields given; aliases and roles, when given, replace the whole list. ' +
        'An actor merged into another is a 409 whose merged_into names that one.',
      params: IdParams(ActorId), headers: IF_MATCH, body: Type.Ref(ActorPatch),
      response: { 200: Type.Ref(Actor), ...problems(...WRITE_ERRORS, 404, 409, 410, 412, 422) },
    },
  }, async (request, reply) =>
    sendEntity(request, reply, repo.update(request.params.id, request.body, request.principal, ifMatch(request))));

  app.post('/:id/merge', {
    schema: {
      operationId: 'mergeActors', tags, summary: 'Merge duplicate actors into this one', security: writeSecurity,
      description:
        'In one transaction, each actor of `from` (live, not this one, not merged) is folded into this actor: its name and aliases ' +
        'become aliases here (unless this actor already spells them, case and diacritics ignored); its roles, its claims as speaker, ' +
        'its claim addressee and object entries (dropped where this actor is already there), its positions, and the roles other ' +
        'actors hold in it all move here; this actor takes its Wikidata id if it has none. The merged actor then leaves lists: ' +
        'GET on its id answers 308 to this actor, writes to it answer 409, and its history keeps a merge revision listing exactly ' +
        'what moved. POST to its /restore undoes the merge, moving back whatever is still here; what is not (say, an alias since ' +
        'removed) stays, and is listed in the restore revision as not_moved_back. A role held by one of these actors in another ' +
        'would become a role in itself, and is a 422. If-Match applies to this actor.',
      params: IdParams(ActorId), headers: IF_MATCH, body: Type.Ref(ActorMerge),
      response: { 200: Type.Ref(Actor), ...problems(...WRITE_ERRORS, 404, 409, 410, 412, 422) },
    },
  }, async (request, reply) =>
    sendEntity(request, reply, repo.merge(request.params.id, request.body.from, request.principal, ifMatch(request))));

  registerLifecycleRoutes(app, {
    noun: 'Actor', plural: 'actors', idSchema: ActorId, entity: Actor, lifecycle: repo.lifecycle, mergedInto: repo.mergedInto,
    representations,
  });
};

export default actorRoutes;
