// Operational routes: health, readiness and the API description.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { openApiYaml } from '../openapi-document.js';
import { VERSION } from '../version.js';
import { problems } from './shared.js';

const tags = ['operations'];
const open = { scope: 'none' as const };

const Health = Type.Object(
  { status: Type.String({ description: 'ok when the process is up.' }), version: Type.String({ description: 'The running version.' }) },
  { description: 'Liveness.' },
);

const operationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', {
    config: open,
    schema: {
      operationId: 'getHealth', tags, summary: 'Liveness check', security: [],
      description: 'Answers 200 with the version while the process serves requests; it does not touch the database. Open: no key needed.',
      response: { 200: Health, ...problems(400) },
    },
  }, async () => ({ status: 'ok', version: VERSION }));

  app.get('/readyz', {
    config: open,
    schema: {
      operationId: 'getReadiness', tags, summary: 'Readiness check: the database answers', security: [],
      description: 'Answers 200 when the database answers a query, else 503: send traffic to this instance only while it answers 200. Open: no key needed.',
      response: { 200: Health, ...problems(400), 503: { description: 'The database does not answer.', ...Health } },
    },
  }, async (_request, reply) => {
    try {
      app.db.$client.prepare('SELECT 1').get();
      return { status: 'ok', version: VERSION };
    } catch {
      return reply.code(503).send({ status: 'unavailable', version: VERSION });
    }
  });

  app.get('/openapi.json', {
    config: open,
    schema: { hide: true },
  }, async () => app.swagger());

  app.get('/openapi.yaml', {
    config: open,
    schema: { hide: true },
  }, async (_request, reply) => reply.type('application/yaml').send(openApiYaml(app)));
};

export default operationsRoutes;
