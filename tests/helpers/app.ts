// Builds the app over a fresh in-memory database with the real migrations.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { LimitsConfig } from '../../src/config.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { createKeysRepository } from '../../src/repositories/keys.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  /** Authorization headers for a key of each scope. */
  auth: { read: Record<string, string>; write: Record<string, string>; admin: Record<string, string> };
}

export interface TestAppOptions {
  publicReads?: boolean;
  /** Limits to apply (rate limits, CORS, load shedding, timeouts); those left out are off. */
  limits?: Partial<LimitsConfig>;
}

export async function makeApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = openDatabase(':memory:');
  const app = await buildApp({
    adminKey: ADMIN_KEY, publicReads: options.publicReads ?? true, bodyLimit: 1_048_576, logLevel: 'silent', limits: options.limits,
  }, { db });
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

// Every table that holds records, children first; api_keys stay so the test keys keep working.
const DATA_TABLES = [
  'position_evidence', 'positions', 'fact_checks', 'claim_objects', 'claim_addressees', 'claim_topics', 'claim_sources', 'claim_documents', 'claims',
  'actor_roles', 'actor_aliases', 'actors', 'topics', 'articles', 'revisions',
];

/** Empties every record table, so each test starts from an empty database without rebuilding the app. */
export function resetData(db: Db): void {
  const sqlite = db.$client;
  sqlite.pragma('foreign_keys = OFF');
  sqlite.transaction(() => { for (const table of DATA_TABLES) sqlite.exec(`DELETE FROM ${table}`); })();
  sqlite.pragma('foreign_keys = ON');
}

/** One app per test file (building one compiles every schema), with an empty database for each test. */
export function useTestApp(options: TestAppOptions = {}): TestApp {
  const t = {} as TestApp;
  beforeAll(async () => { Object.assign(t, await makeApp(options)); });
  beforeEach(() => resetData(t.db));
  afterAll(async () => { await t.app.close(); });
  return t;
}
