// /v1/claims, and the claims of one article, actor or topic.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createClaimsRepository } from '../repositories/claims.js';
import { ActorId, ArticleId, ClaimId, IdParams, ListQuery, TopicId, withFormat } from '../schemas/common.js';
import { Claim, ClaimCreate, ClaimList, ClaimListQuery, ClaimPatch } from '../schemas/claims.js';
import { EXPORTS } from './formats.js';
import {
  IF_MATCH, ifMatch, listResponses, problems, readSecurity, registerLifecycleRoutes, sendEntity, sendList, WRITE_ERRORS,
  writeSecurity,
} from './shared.js';

const tags = ['claims'];
const PageQuery = withFormat(Type.Object(ListQuery));

const claimRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = createClaimsRepository(app.db);

  app.get('/claims', {
    schema: {
      operationId: 'listClaims', tags, summary: 'List claims', security: readSecurity,
      description: 'Claims matching every filter given, each with its speaker, role, topics and sources embedded; sorted by creation, said_on, first publication or relevance (with q).',
      querystring: withFormat(ClaimListQuery),
      response: listResponses(ClaimList, EXPORTS.claims, 'claims'),
    },
  }, async (request, reply) =>
    sendList(request, reply, request.query, EXPORTS.claims, (cursor, limit) => repo.list({ ...request.query, cursor, limit })));

  app.post('/claims', {
    schema: {
      operationId: 'createClaim', tags, summary: 'Record a claim', security: writeSecurity,
      description: 'Each verbatim source quote must occur in its article\'s body: offsets are found when omitted and checked when given; ' +
        'a quote that is not there is a 422 naming it. Mark a paraphrasing source verbatim: false.',
      body: Type.Ref(ClaimCreate),
      response: { 201: Type.Ref(Claim), ...problems(...WRITE_ERRORS, 422) },
    },
  }, async (request, reply) => {
    const claim = repo.create(request.body, request.principal);
    reply.header('location', `/v1/claims/${claim.id}`);
    return sendEntity(request, reply, claim, 201);
  });

  app.patch('/claims/:id', {
    schema: {
      operationId: 'updateClaim', tags, summary: 'Change a claim', security: writeSecurity,
      description: 'Partial update; sources, topics, addressee_ids and object_ids replace the whole list when given.',
      params: IdParams(ClaimId), headers: IF_MATCH, body: Type.Ref(ClaimPatch),
      response: { 200: Type.Ref(Claim), ...problems(...WRITE_ERRORS, 404, 410, 412, 422) },
    },
  }, async (request, reply) =>
    sendEntity(request, reply, repo.update(request.params.id, request.body, request.principal, ifMatch(request))));

  await app.register(async (claimsScope) => {
    registerLifecycleRoutes(claimsScope, { noun: 'Claim', plural: 'claims', idSchema: ClaimId, entity: Claim, lifecycle: repo.lifecycle });
  }, { prefix: '/claims' });

  const parents = [
    { path: '/articles/:id/claims', kind: 'article', idSchema: ArticleId, filter: 'article_id', operationId: 'listArticleClaims', tag: 'articles', what: 'reported by one article' },
    { path: '/actors/:id/claims', kind: 'actor', idSchema: ActorId, filter: 'actor_id', operationId: 'listActorClaims', tag: 'actors', what: 'made by one actor' },
    { path: '/topics/:id/claims', kind: 'topic', idSchema: TopicId, filter: 'topic_id', operationId: 'listTopicClaims', tag: 'topics', what: 'about one topic' },
  ] as const;
  for (const p of parents) {
    app.get(p.path, {
      schema: {
        operationId: p.operationId, tags: [p.tag], summary: `List the claims ${p.what}`, security: readSecurity,
        params: IdParams(p.idSchema), querystring: PageQuery,
        response: listResponses(ClaimList, EXPORTS.claims, 'claims', 404, 410),
      },
    }, async (request, reply) => {
      repo.requireParent(p.kind, request.params.id);
      return sendList(request, reply, request.query, { ...EXPORTS.claims, file: `${p.kind}-${request.params.id}-claims` },
        (cursor, limit) => repo.list({ ...request.query, [p.filter]: request.params.id, cursor, limit }));
    });
  }
};

export default claimRoutes;
