// Opening the database: pragmas, migrations with foreign keys off, then a foreign-key check.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
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
  // Used by migrations that derive a column with the same folding as the application.
  sqlite.function('whosaid_text_key', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? textKey(text) : null));
  const db = drizzle(sqlite, { schema });
  if (options.migrate !== false) runMigrations(db);
  sqlite.pragma('foreign_keys = ON');
  return db;
}

/**
 * A read-only connection holding one read transaction: in WAL mode it sees the database as it was
 * when it began, whatever is written meanwhile. For long reads (the full export). Close it when done.
 * An in-memory database cannot be opened twice, so there it is the given connection, without a snapshot.
 */
export function openSnapshot(db: Db): { db: Db; close: () => void } {
  const file = db.$client.name;
  if (db.$client.memory) return { db, close: () => {} };
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  sqlite.function('whosaid_text_key', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? textKey(text) : null));
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
  sqlite.pragma('foreign_keys = OFF');
  migrate(db, { migrationsFolder: projectPath('migrations') });
  const broken = sqlite.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) {
    throw new Error(`migration left ${broken.length} broken foreign key reference(s): ${JSON.stringify(broken.slice(0, 5))}`);
  }
  sqlite.pragma('foreign_keys = ON');
}
