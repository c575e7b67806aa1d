// POST /v1/import: an NDJSON body streamed into the importer, answered with its report.
import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { importNdjson, MAX_LINE_LENGTH, splitLines } from '../interchange/import.js';
import { HttpProblem, problemType, sendProblem } from '../plugins/errors.js';
import { Problem } from '../schemas/common.js';
import { ImportProblem, ImportQuery, ImportReport } from '../schemas/import.js';
import { problems, WRITE_ERRORS, writeSecurity } from './shared.js';

export interface ImportRouteOptions {
  /** Largest import accepted, in bytes (the app's body limit does not apply to a streamed body). */
  maxBytes?: number;
  /** Longest line accepted, in characters. */
  maxLineLength?: number;
}

export const DEFAULT_IMPORT_LIMIT = 1024 * 1024 * 1024;
const NDJSON = 'application/x-ndjson';

const problem = (description: string, schema = Type.Ref(Problem)) => ({ description, content: { 'application/problem+json': { schema } } });

const importRoutes: FastifyPluginAsyncTypebox<ImportRouteOptions> = async (app, opts) => {
  // Encapsulated in this plugin: NDJSON is passed on as the raw stream, which the importer reads
  // line by line. The app's JSON parser stays, so a JSON body meets the usual body limit (413)
  // and query validation (400) before the handler refuses it (415) like any other type.
  app.addContentTypeParser(NDJSON, (_request, payload, done) => done(null, payload));

  app.post('/', {
    config: { scope: 'write' },
    schema: {
      operationId: 'importRecords', tags: ['interchange'], summary: 'Import NDJSON records', security: writeSecurity,
      description: 'Reads an application/x-ndjson body, one record per line, as it streams in: whosaid records ' +
        '(topic, actor, article, claim, position; references by id or natural key) or Quotebank quotations. Each record is ' +
        'matched by id, else by natural key, and created, updated (only the fields it gives that differ) or left unchanged; ' +
        'a claim that matches gains the sources it does not cite yet. atomic (default): all lines or none, and one failed ' +
        'line is a 422 with the report, nothing changed. best_effort: every good line lands, 200 with the failures listed. ' +
        'dry_run: the report of what would happen, nothing changed. Importing the same body twice changes nothing the second time.',
      querystring: ImportQuery,
      consumes: [NDJSON],
      body: Type.Unsafe<unknown>({ description: 'NDJSON: one JSON record per line; blank lines are skipped.' }),
      response: {
        200: Type.Ref(ImportReport, { description: 'The import was committed (best_effort: with the good lines), or this was a dry run.' }),
        ...problems(...WRITE_ERRORS),
        413: problem('The import is larger than its limit (1 GiB by default) or a line is longer than 16 Mi characters; nothing was ' +
          'committed in atomic mode, while best_effort keeps the steps committed before the limit was met.'),
        415: problem(`The body is not ${NDJSON}.`),
        422: problem('An atomic import with a line that failed: nothing was changed; report lists the failed lines.', Type.Ref(ImportProblem)),
      },
    },
  }, async (request, reply) => {
    if (!(request.body instanceof Readable)) {
      throw new HttpProblem(415, `the body is ${request.headers['content-type'] ?? 'missing'}; send the records as ${NDJSON}, one per line`);
    }
    const { mode = 'atomic', dry_run: dryRun = false, format = 'whosaid' } = request.query;
    const lines = splitLines(request.body, { maxBytes: opts.maxBytes ?? DEFAULT_IMPORT_LIMIT, maxLineLength: opts.maxLineLength ?? MAX_LINE_LENGTH });
    const report = await importNdjson(app.db, lines, { mode, dryRun, format, by: request.principal });
    if (mode === 'atomic' && !dryRun && !report.committed) {
      return sendProblem(reply, request, 422, `${report.failed} of ${report.lines} lines failed; nothing was imported`, {
        type: problemType('import-failed'), title: 'Import refused', report,
      });
    }
    return report;
  });
};

export default importRoutes;
