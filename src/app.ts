// buildApp(config): registers plugins, then routes, explicitly. It never listens.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config, LimitsConfig } from './config.js';
import type { Db } from './db/client.js';
import authPlugin from './plugins/auth.js';
import dbPlugin from './plugins/db.js';
import errorsPlugin, { frameworkError, invalid } from './plugins/errors.js';
import limitsPlugin, { clientErrorProblem, UNLIMITED } from './plugins/limits.js';
import openapiPlugin from './plugins/openapi.js';
import docsPlugin from './plugins/docs.js';
import { commonSchemas } from './schemas/common.js';
import { actorSchemas } from './schemas/actors.js';
import { analysisSchemas } from './schemas/analysis.js';
import { networksSchemas } from './schemas/networks.js';
import { articleSchemas } from './schemas/articles.js';
import { claimSchemas } from './schemas/claims.js';
import { importSchemas } from './schemas/import.js';
import { positionSchemas } from './schemas/positions.js';
import { topicSchemas } from './schemas/topics.js';
import actorRoutes from './routes/actors.js';
import analysisRoutes from './routes/analysis.js';
import networksRoutes from './routes/networks.js';
import exportRoutes from './routes/export.js';
import articleRoutes from './routes/articles.js';
import claimRoutes from './routes/claims.js';
import importRoutes from './routes/import.js';
import positionRoutes from './routes/positions.js';
import operationsRoutes from './routes/operations.js';
import topicRoutes from './routes/topics.js';
import { lazySerializers, lazyValidator } from './compilers.js';
import { VERSION } from './version.js';
import { createValidators, illFormedStrings } from './validation.js';

/** `limits` left out are off (see UNLIMITED): tests set the ones they exercise; serve passes all of them. */
export type AppConfig = Pick<Config, 'adminKey' | 'publicReads' | 'bodyLimit' | 'logLevel'> & { dbFile?: string; limits?: Partial<LimitsConfig> };

/** Builds the app over `db` when given (tests), else over config.dbFile. */
export async function buildApp(config: AppConfig, deps: { db?: Db } = {}): Promise<FastifyInstance> {
  const limits: LimitsConfig = { ...UNLIMITED, ...config.limits };
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    frameworkErrors: frameworkError, // router errors (over-long or badly encoded path parameters) as problems
    connectionTimeout: limits.connectionTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    clientErrorHandler: clientErrorProblem,
    routerOptions: { ignoreTrailingSlash: true },
    schemaController: { compilersFactory: { buildSerializer: lazySerializers() } }, // start-up under a second
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Bodies are JSON; anything else is a 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Text is Unicode: a JSON body with a lone surrogate ("\ud800") is a 400, not text stored garbled.
  app.addHook('preValidation', async (request) => {
    const pointers = illFormedStrings(request.body);
    if (pointers.length > 0) throw invalid(pointers.map((pointer) => ({ in: 'body', pointer, message: 'is not well-formed Unicode (a lone surrogate)' })));
  });
  // A route without a query schema still refuses query parameters it does not know.
  app.addHook('onRoute', (route) => {
    if (route.schema && route.schema.querystring === undefined) {
      route.schema.querystring = Type.Object({}, { additionalProperties: false });
    }
  });

  await app.register(errorsPlugin);
  await app.register(dbPlugin, deps.db ? { db: deps.db } : { file: config.dbFile ?? ':memory:' });
  // Before auth: security headers on every answer, CORS preflights and load shedding ahead of key checks. The rate
  // limiter still sees request.principal: its hook is per route, and those run after app-wide hooks such as auth's.
  await app.register(limitsPlugin, limits);
  await app.register(authPlugin, { adminKey: config.adminKey, publicReads: config.publicReads });
  await app.register(openapiPlugin, { version: VERSION });
  await app.register(docsPlugin); // Swagger UI at /docs, open, hidden from the document
  const schemas = [...commonSchemas, ...articleSchemas, ...actorSchemas, ...topicSchemas, ...claimSchemas, ...positionSchemas, ...analysisSchemas, ...networksSchemas, ...importSchemas];
  for (const schema of schemas) app.addSchema(schema);
  const validators = createValidators(schemas);
  app.setValidatorCompiler(({ schema, httpPart }) => lazyValidator(() => validators(httpPart).compile(schema)));

  await app.register(operationsRoutes);
  await app.register(articleRoutes, { prefix: '/v1/articles' });
  await app.register(actorRoutes, { prefix: '/v1/actors' });
  await app.register(topicRoutes, { prefix: '/v1/topics' });
  await app.register(positionRoutes, { prefix: '/v1/positions' });
  // Claims also answer under /v1/articles/{id}/claims, /v1/actors/{id}/claims and /v1/topics/{id}/claims.
  await app.register(claimRoutes, { prefix: '/v1' });
  // Timelines, stances, stance changes and contradictions, under /v1/actors/…, /v1/topics/… and /v1/contradictions.
  await app.register(analysisRoutes, { prefix: '/v1' });
  await app.register(networksRoutes, { prefix: '/v1/networks' });
  await app.register(importRoutes, { prefix: '/v1/import' });
  await app.register(exportRoutes, { prefix: '/v1/export' });
  return app;
}
