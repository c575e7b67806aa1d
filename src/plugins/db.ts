// The database as a named plugin: opened once per app, closed on close.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Db } from '../db/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

export default fp(
  async function dbPlugin(app: FastifyInstance, opts: { file: string } | { db: Db }) {
    const db = 'db' in opts ? opts.db : openDatabase(opts.file);
    app.decorate('db', db);
    app.addHook('onClose', async () => {
      if (db.$client.open) db.$client.close();
    });
  },
  { name: 'db', fastify: '5.x' },
);
