// Builds the app over a fresh in-memory database with the real migrations.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { createKeysRepository } from '../../src/repositories/keys.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  /** Authorization headers for a key of each scope. */
  auth: { read: Record<string, string>; write: Record<string, string>; admin: Record<string, string> };
}

export async function makeApp(options: { publicReads?: boolean } = {}): Promise<TestApp> {
  const db = openDatabase(':memory:');
  const app = await buildApp({ adminKey: ADMIN_KEY, publicReads: options.publicReads ?? true, bodyLimit: 1_048_576, logLevel: 'silent' }, { db });
  await app.ready();
  const keys = createKeysRepository(db);
  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
  return {
    app,
    db,
    auth: {
      read: bearer(keys.create('reader', 'read').secret),
      write: bearer(keys.create('writer', 'write').secret),
      admin: bearer(ADMIN_KEY),
    },
  };
}
