// /v1/articles: create, list, change, extract claims; get, delete, restore and history come from registerLifecycleRoutes.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createArticlesRepository } from '../repositories/articles.js';
import { createExtractionRepository } from '../repositories/extraction.js';
import {
  Article, ArticleCreate, ArticleCreated, ArticleList, ArticleListQuery, ArticlePatch, ExtractionRequest, ExtractionResult,
} from '../schemas/articles.js';
import { ArticleId, IdParams, withFormat } from '../schemas/common.js';
import { EXPORTS } from './formats.js';
import {
  etagOf, IF_MATCH, ifMatch, listResponses, problems, readSecurity, registerLifecycleRoutes, sendEntity, sendList, WRITE_ERRORS, writeSecurity,
} from './shared.js';

const tags = ['articles'];

const articleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = createArticlesRepository(app.db);
  const extraction = createExtractionRepository(app.db);

  app.get('', {
    schema: {
      operationId: 'listArticles', tags, summary: 'List articles', security: readSecurity,
      description: 'Articles oldest first, filtered by outlet, language, url, publication day or text in the title.',
      querystring: withFormat(ArticleListQuery),
      response: listResponses(ArticleList, EXPORTS.articles, 'articles'),
    },
  }, async (request, reply) =>
    sendList(request, reply, request.query, EXPORTS.articles, (cursor, limit) => repo.list({ ...request.query, cursor, limit })));

  app.post('', {
    schema: {
      operationId: 'createArticle', tags, summary: 'Create an article', security: writeSecurity,
      description: 'The url is normalised and must be unique: a duplicate is a 409 naming the existing article. With extract: true '
        + 'the claims of the body are extracted in the same transaction (as POST /v1/articles/{id}/extract with create_actors false) '
        + 'and the 201 carries the result as extraction; a failed extraction creates nothing. The ETag is the article\'s alone.',
      body: Type.Ref(ArticleCreate),
      response: { 201: Type.Ref(ArticleCreated), ...problems(...WRITE_ERRORS, 409, 422) },
    },
  }, async (request, reply) => {
    const { article, extraction: result } = extraction.createArticle(request.body, request.principal);
    reply.header('location', `/v1/articles/${article.id}`);
    if (result === null) return sendEntity(request, reply, article, 201);
    reply.header('etag', etagOf(article));
    return reply.code(201).send({ ...article, extraction: result });
  });

  app.post('/:id/extract', {
    // The options body may be left out: it then means {}.
    preValidation: async (request) => { request.body ??= {}; },
    schema: {
      operationId: 'extractClaims', tags, summary: 'Extract claims from an article', security: writeSecurity,
      description: 'Finds the attributed statements of the body (direct and indirect quotes around a reporting verb, "according to" '
        + 'phrases) and records each as a claim with origin extraction, status unreviewed, a confidence, one source with the span and '
        + 'cue, the date said resolved against published_at, and no topics. Speakers are matched to live actors by name, alias and '
        + 'role; unknown ones are proposed (or created with create_actors). Idempotent: a statement whose speaker already has a claim '
        + 'with the same text, or whose span overlaps a claim already citing this article, is skipped with that claim\'s id, and so is '
        + 'one whose extracted claim was rejected (deleted) until that claim is restored. '
        + 'All in one transaction. The body may be omitted. 422 when the article has no body.',
      params: IdParams(ArticleId), body: Type.Ref(ExtractionRequest),
      response: { 200: Type.Ref(ExtractionResult), ...problems(...WRITE_ERRORS, 404, 410, 422) },
    },
  }, async (request) =>
    extraction.extract(request.params.id, request.principal, { createActors: request.body.create_actors ?? false }));

  app.patch('/:id', {
    schema: {
      operationId: 'updateArticle', tags, summary: 'Change an article', security: writeSecurity,
      description: 'A new body must still contain the quote of every verbatim claim source citing the article; '
        + 'their offsets move with the text, and a body that drops one is a 422 naming the claims.',
      params: IdParams(ArticleId), headers: IF_MATCH, body: Type.Ref(ArticlePatch),
      response: { 200: Type.Ref(Article), ...problems(...WRITE_ERRORS, 404, 409, 410, 412, 422) },
    },
  }, async (request, reply) =>
    sendEntity(request, reply, repo.update(request.params.id, request.body, request.principal, ifMatch(request))));

  registerLifecycleRoutes(app, { noun: 'Article', plural: 'articles', idSchema: ArticleId, entity: Article, lifecycle: repo.lifecycle });
};

export default articleRoutes;
