// Opening the database: pragmas, migrations with foreign keys off, then a foreign-key check.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { textKey } from '../domain/text.js';
import { projectPath } from '../paths.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** True when `file` names no database yet (a new file, or an in-memory database). */
export function isNewDatabase(file: string): boolean {
  return file === ':memory:' || !existsSync(file);
}

export interface OpenOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
}

/** Opens (creating if needed) the SQLite file, sets pragmas and applies migrations. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  // Reads at a million claims (bench/README.md): a 64 MB page cache per connection keeps the upper levels of the
  // indexes in memory; 256 MB memory-mapped saves a read() per page beyond it (file pages, shared by every worker
  // process and reclaimable by the OS); sorts and temporary indexes stay in memory.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('mmap_size = 268435456');
  sqlite.pragma('temp_store = MEMORY');
  cacheStatements(sqlite);
  registerFunctions(sqlite);
  const db = drizzle(sqlite, { schema });
  if (options.migrate !== false) runMigrations(db);
  sqlite.pragma('foreign_keys = ON');
  return db;
}

/** Registers the application's SQL functions on a connection (every connection the application opens has them). */
export function registerFunctions(sqlite: Database.Database): void {
  // Used by migrations that derive a column with the same folding as the application.
  sqlite.function('whosaid_text_key', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? textKey(text) : null));
  // A REAL as JSON.stringify writes it (claim documents: CLAIM_DOCUMENT_SQL in repositories/claim-documents.ts).
  sqlite.function('whosaid_json_number', { deterministic: true }, (value: unknown) => (typeof value === 'number' ? JSON.stringify(value) : null));
}

/** Distinct SQL texts kept prepared per connection (IN lists of each length are texts of their own). */
const STATEMENT_CACHE_SIZE = 2000;

/**
 * Makes `prepare` reuse statements by their SQL text. Drizzle prepares every query it runs, and preparing cost as
 * much as running for the small reads of the API. A statement is handed out with its row mode reset (Drizzle switches
 * statements to raw mode), and one still iterating is never shared.
 */
function cacheStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached !== undefined && !cached.busy) {
      cache.delete(source); // re-inserted below: the map's order is the order of last use
      cache.set(source, cached);
      return cached.reader ? cached.raw(false).pluck(false).expand(false) : cached;
    }
    const statement = prepare(source);
    if (cached === undefined) {
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

/**
 * Page cache of a connection for long reads (exports), in KiB. Such a read passes over most of the file once: a large
 * cache or a memory map would only hold pages it does not read again, in the server's memory (bench/README.md).
 */
const LONG_READ_CACHE_KIB = 8192;

/**
 * A read-only connection for long reads: no memory map and a small page cache, so that reading the whole database
 * leaves the server's memory as it was, and the cache of the connection ordinary requests use undisturbed.
 */
function openLongReader(file: string): Database.Database {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`cache_size = -${LONG_READ_CACHE_KIB}`);
  sqlite.pragma('mmap_size = 0');
  sqlite.pragma('temp_store = MEMORY');
  cacheStatements(sqlite);
  registerFunctions(sqlite);
  return sqlite;
}

/**
 * A read-only connection of its own for a long read (a CSV or NDJSON list export), each statement in its own read
 * transaction as on the usual connection. An in-memory database cannot be opened twice: there it is the given
 * connection. Close it when done.
 */
export function openReader(db: Db): { db: Db; close: () => void } {
  if (db.$client.memory) return { db, close: () => {} };
  const sqlite = openLongReader(db.$client.name);
  return { db: drizzle(sqlite, { schema }), close: () => sqlite.close() };
}

/**
 * A read-only connection holding one read transaction: in WAL mode it sees the database as it was
 * when it began, whatever is written meanwhile. For long reads (the full export). Close it when done.
 * An in-memory database cannot be opened twice, so there it is the given connection, without a snapshot.
 */
export function openSnapshot(db: Db): { db: Db; close: () => void } {
  if (db.$client.memory) return { db, close: () => {} };
  const sqlite = openLongReader(db.$client.name);
  const snapshot = drizzle(sqlite, { schema });
  sqlite.exec('BEGIN');
  // A read transaction takes its snapshot at the first read.
  sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
  return {
    db: snapshot,
    close: () => {
      if (sqlite.inTransaction) sqlite.exec('COMMIT');
      sqlite.close();
    },
  };
}

/**
 * Runs the migrations with foreign keys off (a table rebuild inside the migrator's transaction
 * would otherwise cascade-delete child rows), then refuses to go on if any reference is broken.
 */
export function runMigrations(db: Db): void {
  const sqlite = db.$client;
  const migrationsFolder = projectPath('migrations');
  // Nothing pending: skip the check too, a scan of every reference (seconds at a million claims, on every start-up).
  if (!hasPendingMigrations(sqlite, migrationsFolder)) return;
  sqlite.pragma('foreign_keys = OFF');
  migrate(db, { migrationsFolder });
  const broken = sqlite.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) {
    throw new Error(`migration left ${broken.length} broken foreign key reference(s): ${JSON.stringify(broken.slice(0, 5))}`);
  }
  sqlite.pragma('foreign_keys = ON');
}

/** Whether the migrator would apply anything: the same test as Drizzle's (a migration newer than the last one applied). */
function hasPendingMigrations(sqlite: Database.Database, migrationsFolder: string): boolean {
  const migrations = readMigrationFiles({ migrationsFolder });
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (table === undefined) return migrations.length > 0;
  const last = sqlite.prepare('SELECT created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1').get() as { created_at: number | string } | undefined;
  return migrations.some((m) => last === undefined || Number(last.created_at) < m.folderMillis);
}
