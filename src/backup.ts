// Backups: SQLite's online backup (consistent while the server writes) and restoring one in place.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { openDatabase, type Db } from './db/client.js';

/** Copies the live database to `target` page by page; the server may keep writing meanwhile. */
export async function backupDatabase(db: Db, target: string): Promise<{ pages: number }> {
  if (existsSync(target)) throw new Error(`${target} exists; remove it or choose another path`);
  const result = await db.$client.backup(target);
  return { pages: result.totalPages };
}

/** Checks that `file` is a whosaid database that SQLite reads without fault. */
export function checkBackup(file: string): { claims: number } {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = sqlite.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${file} fails integrity_check: ${String(integrity)}`);
    const claims = sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'claims'").pluck().get() as number;
    if (claims !== 1) throw new Error(`${file} is not a whosaid database`);
    return { claims: sqlite.prepare('SELECT count(*) FROM claims WHERE deleted_at IS NULL').pluck().get() as number };
  } finally {
    sqlite.close();
  }
}

/**
 * Replaces the database at `dbFile` with the backup at `source`, after checking it; the server
 * must be stopped. The old files are kept beside it as `<dbFile>.before-restore` until the
 * restored database has been opened and migrated.
 */
export function restoreDatabase(source: string, dbFile: string): { claims: number } {
  const checked = checkBackup(source);
  const kept = `${dbFile}.before-restore`;
  if (existsSync(dbFile)) {
    // Fold the WAL into the main file first, so the file moved aside is whole.
    const current = new Database(dbFile);
    current.pragma('wal_checkpoint(TRUNCATE)');
    current.close();
    renameSync(dbFile, kept);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
  copyFileSync(source, dbFile);
  openDatabase(dbFile).$client.close();
  rmSync(kept, { force: true });
  return checked;
}
