// /v1/articles: create, list, change; get, delete, restore and history come from registerLifecycleRoutes.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createArticlesRepository } from '../repositories/articles.js';
import { Article, ArticleCreate, ArticleList, ArticleListQuery, ArticlePatch } from '../schemas/articles.js';
import { ArticleId, IdParams, withFormat } from '../schemas/common.js';
import { EXPORTS } from './formats.js';
import { IF_MATCH, ifMatch, listResponses, problems, readSecurity, registerLifecycleRoutes, sendEntity, sendList, WRITE_ERRORS, writeSecurity } from './shared.js';

const tags = ['articles'];

const articleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = createArticlesRepository(app.db);

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
      description: 'The url is normalised and must be unique: a duplicate is a 409 naming the existing article.',
      body: Type.Ref(ArticleCreate),
      response: { 201: Type.Ref(Article), ...problems(...WRITE_ERRORS, 409) },
    },
  }, async (request, reply) => {
    const article = repo.create(request.body, request.principal);
    reply.header('location', `/v1/articles/${article.id}`);
    return sendEntity(request, reply, article, 201);
  });

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
