// The framework ceiling: a bare Fastify route that replays a scenario's recorded SQL (no validation, no embedding,
// no response schema) over the same database and pragmas as the API. Started by bench/run.ts.
// Run: npx tsx bench/minimal-server.ts SPEC.json PORT
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { openDatabase } from '../src/db/client.js';
import { createReplayer, type Recorded } from './replay.js';

const [specFile, port] = process.argv.slice(2);
if (specFile === undefined || port === undefined) throw new Error('usage: minimal-server.ts SPEC.json PORT');
const spec = JSON.parse(readFileSync(specFile, 'utf8')) as { db: string; requests: Record<string, Recorded[][]> };
const replay = createReplayer(openDatabase(spec.db, { migrate: false }).$client);

const app = Fastify({ logger: false });
app.get('/r/:scenario/:index', async (request, reply) => {
  const { scenario, index } = request.params as { scenario: string; index: string };
  const statements = spec.requests[scenario]?.[Number(index)];
  if (statements === undefined) return reply.code(404).send({ error: 'no such request' });
  return { data: replay(statements) };
});
await app.listen({ port: Number(port), host: '127.0.0.1' });
