// Backups: consistent while writes go on, checked, and restored in place.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDatabase, checkBackup, restoreDatabase } from '../src/backup.js';
import { openDatabase } from '../src/db/client.js';
import { loadDemo } from '../src/demo/seed.js';

const dir = () => mkdtempSync(join(tmpdir(), 'whosaid-backup-'));
const topics = (file: string) => {
  const db = openDatabase(file);
  const n = db.$client.prepare('SELECT count(*) FROM topics').pluck().get() as number;
  db.$client.close();
  return n;
};

describe('backups', () => {
  it('copies a database while it is being written, and the copy is whole', async () => {
    const d = dir();
    const db = openDatabase(join(d, 'live.db'));
    loadDemo(db);
    let written = 0;
    let writing = true;
    const insert = db.$client.prepare("INSERT INTO topics (id, slug, name, created_at, updated_at) VALUES (?, ?, 'T', '', '')");
    const writer = (async () => {
      for (let i = 0; writing && i < 5_000; i++) {
        insert.run(`top_${String(i).padStart(26, '0')}`, `t-${i}`);
        written += 1;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const { pages } = await backupDatabase(db, join(d, 'copy.db'));
    writing = false;
    await writer;
    expect(pages).toBeGreaterThan(0);
    expect(checkBackup(join(d, 'copy.db')).claims).toBeGreaterThanOrEqual(30);
    const copied = topics(join(d, 'copy.db'));
    expect(copied).toBeGreaterThanOrEqual(12);
    expect(copied).toBeLessThanOrEqual(12 + written);
    db.$client.close();
  });

  it('refuses to overwrite an existing file', async () => {
    const d = dir();
    const db = openDatabase(join(d, 'live.db'));
    await backupDatabase(db, join(d, 'copy.db'));
    await expect(backupDatabase(db, join(d, 'copy.db'))).rejects.toThrow(/exists/);
    db.$client.close();
  });

  it('restores a backup over a database, and refuses a file that is not one', async () => {
    const d = dir();
    const live = join(d, 'live.db');
    const db = openDatabase(live);
    loadDemo(db);
    await backupDatabase(db, join(d, 'copy.db'));
    db.$client.exec('DELETE FROM position_evidence; DELETE FROM positions');
    db.$client.close();
    expect(restoreDatabase(join(d, 'copy.db'), live).claims).toBeGreaterThanOrEqual(30);
    const restored = openDatabase(live);
    expect(restored.$client.prepare('SELECT count(*) FROM positions').pluck().get()).toBeGreaterThan(0);
    restored.$client.close();
    expect(existsSync(`${live}.before-restore`)).toBe(false);

    const notDb = join(d, 'not.db');
    const other = openDatabase(join(d, 'other.db'));
    other.$client.exec('DROP TABLE claims_fts; DROP TABLE claims');
    await backupDatabase(other, notDb);
    other.$client.close();
    expect(() => restoreDatabase(notDb, live)).toThrow(/not a whosaid database/);
  });
});
