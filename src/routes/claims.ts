// /v1/claims, the fact-checks of a claim, and the claims of one article, actor or topic.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { idPattern } from '../domain/ids.js';
import { claimDocument, claimsDocument, JSONLD_MEDIA_TYPE } from '../interchange/jsonld.js';
import type { ClaimQuery } from '../repositories/claim-query.js';
import { createClaimsRepository } from '../repositories/claims.js';
import { createExtractionRepository } from '../repositories/extraction.js';
import { createFactChecksRepository } from '../repositories/fact-checks.js';
import { ActorId, ArticleId, ClaimId, IdParams, ListQuery, TopicId, withFormat } from '../schemas/common.js';
import {
  Claim, ClaimCreate, ClaimList, ClaimListQuery, ClaimPatch, ClaimReview, ClaimReviewResult, FactCheck, FactCheckCreate, FactCheckId,
  FactCheckList, type ClaimT,
} from '../schemas/claims.js';
import { EXPORTS, type ListExport } from './formats.js';
import { sharedTurnstile } from './turnstile.js';
import {
  IF_MATCH, ifMatch, listResponses, movedResponse, listResponsesWith, problems, READ_ERRORS, readSecurity, registerLifecycleRoutes, sendEntity, sendList,
  sendPageAs, WRITE_ERRORS, writeSecurity, type ListParams, type Representation,
} from './shared.js';

const tags = ['claims'];
const PageQuery = withFormat(Type.Object(ListQuery));
const FactCheckParams = Type.Object({ id: Type.Ref(ClaimId), fact_check_id: Type.Ref(FactCheckId) }, { additionalProperties: false });
const CLAIM_ID = new RegExp(idPattern('claim'));

const claimRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = createClaimsRepository(app.db);
  const factChecks = createFactChecksRepository(app.db, repo.lifecycle);
  const extraction = createExtractionRepository(app.db);

  /**
   * A list of claims: JSON pages are the claims' stored documents, sent as they are; an export reads its pages on a
   * connection of its own (no memory map, a small cache: see openReader).
   */
  function sendClaims(request: FastifyRequest, reply: FastifyReply, params: ListParams, spec: ListExport<ClaimT>, query: ClaimQuery) {
    return sendList(request, reply, params, spec, (cursor, limit) => repo.list({ ...query, cursor, limit }), {
      json: (cursor, limit) => repo.listJson({ ...query, cursor, limit }),
      reader: (db) => {
        const reader = createClaimsRepository(db);
        return (cursor, limit) => reader.list({ ...query, cursor, limit });
      },
    });
  }

  /** schema.org JSON-LD, when Accept prefers application/ld+json. */
  const representations: Representation<ClaimT>[] = [{
    mediaType: JSONLD_MEDIA_TYPE,
    description: 'schema.org JSON-LD (@context https://schema.org). A claim is a Quotation (creator, isPartOf its articles) when it is a ' +
      'direct quote, else a Claim (author, appearance, firstAppearance); dateCreated is said_on; each fact-check is a ClaimReview under ' +
      'review (claimReviewed, itemReviewed, author, datePublished, reviewRating with the textual rating as alternateName). ' +
      'A list is one page of such nodes in @graph, with a Link to the next page. Node @ids are paths of this API.',
    one: (claim) => claimDocument(claim, repo.speakers([claim])),
    page: (claims) => claimsDocument(claims, repo.speakers(claims)),
  }];

  // Full-text searches take their turn, with the other heavy reads (stances, networks): a burst of them delays other
  // requests by one heavy read, not by all of them.
  const heavyTurn = sharedTurnstile(app.db);

  app.get('/claims', {
    schema: {
      operationId: 'listClaims', tags, summary: 'List claims', security: readSecurity,
      description: 'Claims matching every filter given, each with its speaker, role, topics and sources embedded; sorted by creation, said_on, first publication or relevance (with q).',
      querystring: withFormat(ClaimListQuery),
      response: listResponsesWith(ClaimList, EXPORTS.claims, 'claims', representations),
    },
  }, async (request, reply) => {
    const fetch = (cursor: string | undefined, limit: number) => repo.list({ ...request.query, cursor, limit });
    const answer = () => sendPageAs(request, reply, request.query, representations, fetch) ?? sendClaims(request, reply, request.query, EXPORTS.claims, request.query);
    return request.query.q === undefined ? answer() : heavyTurn(answer);
  });

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

  app.post('/claims/review', {
    schema: {
      operationId: 'reviewClaims', tags, summary: 'Review several claims at once', security: writeSecurity,
      description: 'Accepts and rejects claims (typically extracted ones) in one transaction: each accepted claim gets status '
        + '(verified by default) as PATCH would set it, each rejected one is soft-deleted as DELETE would, and every change is kept as a '
        + 'revision. All or nothing: an id in both lists is a 400, an id that does not exist or is deleted is a 422 naming it '
        + '(pointer /accept/N or /reject/N), a rejected claim that is evidence for a live position a 409; then nothing changes. '
        + 'To edit a claim before accepting it, PATCH it.',
      body: Type.Ref(ClaimReview),
      response: { 200: Type.Ref(ClaimReviewResult), ...problems(...WRITE_ERRORS, 409, 422) },
    },
  }, async (request) => extraction.review(request.body, request.principal));

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
    registerLifecycleRoutes(claimsScope, {
      noun: 'Claim', plural: 'claims', idSchema: ClaimId, entity: Claim, lifecycle: repo.lifecycle, representations, liveJson: repo.liveJson,
    });
  }, { prefix: '/claims' });

  // Fact-checks are part of their claim: the claim is checked first, so a request about a missing or
  // deleted claim is a 404 or 410 whatever its body; a malformed id is left to validation (400).
  const claimFirst = async (request: FastifyRequest) => {
    const { id } = request.params as { id?: unknown };
    if (typeof id === 'string' && CLAIM_ID.test(id)) factChecks.requireClaim(id);
  };
  const factCheckNotes = 'Fact-checks are part of the claim\'s record: adding or removing one changes the claim\'s updated_at and ETag ' +
    'and is kept as an update revision of the claim, with the claim before and after.';

  app.get('/claims/:id/fact-checks', {
    preValidation: claimFirst,
    schema: {
      operationId: 'listFactChecks', tags, summary: 'List the fact-checks of a claim', security: readSecurity,
      description: 'Every published fact-check of the claim, oldest first (also embedded in the claim as fact_checks).',
      params: IdParams(ClaimId),
      response: { 200: Type.Ref(FactCheckList), ...problems(...READ_ERRORS, 404, 410) },
    },
  }, async (request) => ({ data: factChecks.list(request.params.id) }));

  app.post('/claims/:id/fact-checks', {
    preValidation: claimFirst,
    schema: {
      operationId: 'createFactCheck', tags, summary: 'Attach a fact-check to a claim', security: writeSecurity,
      description: `Records a published fact-check (a schema.org ClaimReview) of the claim. The url must be http or https (400) and ` +
        `is stored normalised; a claim has one fact-check per url (409 with existing_id). Numbers given must satisfy ` +
        `worst_rating <= rating_value <= best_rating (422). ${factCheckNotes}`,
      params: IdParams(ClaimId), body: Type.Ref(FactCheckCreate),
      response: { 201: Type.Ref(FactCheck), ...problems(...WRITE_ERRORS, 404, 409, 410, 422) },
    },
  }, async (request, reply) => {
    const check = factChecks.create(request.params.id, request.body, request.principal);
    reply.header('location', `/v1/claims/${request.params.id}/fact-checks/${check.id}`);
    return sendEntity(request, reply, check, 201);
  });

  app.get('/claims/:id/fact-checks/:fact_check_id', {
    preValidation: claimFirst,
    schema: {
      operationId: 'getFactCheck', tags, summary: 'Get one fact-check of a claim', security: readSecurity,
      description: 'The fact-check with an ETag; 304 when If-None-Match matches.',
      params: FactCheckParams,
      response: { 200: Type.Ref(FactCheck), 304: { description: 'Not modified', type: 'null' }, ...problems(...READ_ERRORS, 404, 410) },
    },
  }, async (request, reply) => sendEntity(request, reply, factChecks.get(request.params.id, request.params.fact_check_id)));

  app.delete('/claims/:id/fact-checks/:fact_check_id', {
    preValidation: claimFirst,
    schema: {
      operationId: 'deleteFactCheck', tags, summary: 'Remove a fact-check from a claim', security: writeSecurity,
      description: `Detaches the fact-check; the claim's revision keeps it in before. ${factCheckNotes}`,
      params: FactCheckParams,
      response: { 204: { description: 'Removed', type: 'null' }, ...problems(...WRITE_ERRORS, 404, 410) },
    },
  }, async (request, reply) => {
    factChecks.remove(request.params.id, request.params.fact_check_id, request.principal);
    return reply.code(204).send();
  });

  const parents = [
    { path: '/articles/:id/claims', kind: 'article', idSchema: ArticleId, filter: 'article_id', operationId: 'listArticleClaims', tag: 'articles', what: 'reported by one article' },
    { path: '/actors/:id/claims', kind: 'actor', idSchema: ActorId, filter: 'actor_id', operationId: 'listActorClaims', tag: 'actors', what: 'made by one actor' },
    { path: '/topics/:id/claims', kind: 'topic', idSchema: TopicId, filter: 'topic_id', operationId: 'listTopicClaims', tag: 'topics', what: 'about one topic' },
  ] as const;
  for (const p of parents) {
    app.get(p.path, {
      schema: {
        operationId: p.operationId, tags: [p.tag], summary: `List the claims ${p.what}`, security: readSecurity,
        description: `The claims ${p.what}, oldest first, as GET /v1/claims?${p.filter}={id} answers them; 404 for an unknown ${p.kind}, 410 for a deleted one` +
          (p.kind === 'actor' ? '; 308 to the actor a merged one was merged into.' : '.'),
        params: IdParams(p.idSchema), querystring: PageQuery,
        response: { ...listResponses(ClaimList, EXPORTS.claims, 'claims', 404, 410), ...(p.kind === 'actor' ? movedResponse('actor') : {}) },
      },
    }, async (request, reply) => {
      repo.requireParent(p.kind, request.params.id);
      return sendClaims(request, reply, request.query, { ...EXPORTS.claims, file: `${p.kind}-${request.params.id}-claims` },
        { ...request.query, [p.filter]: request.params.id });
    });
  }
};

export default claimRoutes;
