// The OpenAPI 3.1 document, generated from the route schemas with named components.
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

export const TAGS = [
  { name: 'articles', description: 'News articles: the sources that claims are quoted from.' },
  { name: 'actors', description: 'People, organisations and states that make claims, with aliases and roles over time.' },
  { name: 'topics', description: 'What claims are about, in a hierarchy.' },
  { name: 'claims', description: 'Who said what, when, reported where.' },
  { name: 'positions', description: 'Stances that actors hold on topics over periods of time.' },
  { name: 'interchange', description: 'Bulk import and export of NDJSON interchange records.' },
  { name: 'networks', description: 'Discourse networks of actors and topics, after Discourse Network Analyzer.' },
  { name: 'operations', description: 'Health, readiness and the API description itself.' },
];

export default fp(
  async function openapiPlugin(app: FastifyInstance, opts: { version: string }) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'whosaid',
          version: opts.version,
          summary: 'A statements database: who said what, when, reported where.',
          description:
            'Record and query articles, the actors quoted in them, their claims (exact words, source span, date said) ' +
            'and the positions actors hold on topics over time. Errors are RFC 9457 problem details. ' +
            'Lists use cursor pagination with an RFC 8288 Link header. Writes need an API key with the write scope.',
          license: { name: 'MIT', identifier: 'MIT' },
          contact: { name: 'whosaid maintainers', url: 'https://github.com/whosaid/whosaid' },
        },
        servers: [{ url: '/', description: 'This server' }],
        tags: TAGS,
        components: {
          securitySchemes: {
            bearerAuth: {
              type: 'http',
              scheme: 'bearer',
              description: 'An API key (ws_…) created with `whosaid keys create`, sent as `Authorization: Bearer <key>`.',
            },
          },
        },
      },
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `Schema${i}`),
      },
    });
  },
  { name: 'openapi', fastify: '5.x' },
);
