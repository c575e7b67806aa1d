// The database as a named plugin: opened once per app, closed on close; claim documents kept fresh meanwhile.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Db } from '../db/client.js';
import { startDocumentRefresh } from '../repositories/claim-documents.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

export default fp(
  async function dbPlugin(app: FastifyInstance, opts: { file: string } | { db: Db }) {
    const db = 'db' in opts ? opts.db : openDatabase(opts.file);
    app.decorate('db', db);
    // Claim documents made stale by writes (of this process or another) are rendered again between requests.
    const stopRefresh = startDocumentRefresh(db, (error) => app.log.error({ err: error }, 'rendering stale claim documents failed'));
    app.addHook('onClose', async () => {
      stopRefresh();
      if (db.$client.open) db.$client.close();
    });
  },
  { name: 'db', fastify: '5.x' },
);
