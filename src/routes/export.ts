// GET /v1/export: the whole database as NDJSON interchange records, streamed from one snapshot.
import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { exportLines } from '../interchange/export.js';
import { problems, READ_ERRORS, readSecurity } from './shared.js';

const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('', {
    schema: {
      operationId: 'exportAll', tags: ['interchange'], summary: 'Export everything as NDJSON', security: readSecurity,
      description: 'Every live topic, actor, article, claim and position as NDJSON interchange records (see the README), each after the ' +
        'records it refers to, with ids and timestamps, so that importing the dump into an empty database restores the same state. ' +
        'Read from one snapshot: writes made while it streams are not in it. Revisions and deleted records are not exported.',
      response: {
        200: {
          description: 'The dump, one record per line.',
          content: { 'application/x-ndjson': { schema: Type.String({ description: 'NDJSON interchange records.' }) } },
        },
        ...problems(...READ_ERRORS),
      },
    },
  }, async (request, reply) => {
    // The body is a stream, not the string the schema describes: send it through the untyped reply.
    const raw: FastifyReply = reply;
    raw.type('application/x-ndjson').header('content-disposition', 'attachment; filename="whosaid-export.ndjson"');
    if (request.method === 'HEAD') return raw.send();
    return raw.send(Readable.from(exportLines(app.db)));
  });
};

export default exportRoutes;
