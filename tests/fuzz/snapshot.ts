// A copy of every record table in TEMP tables of the same connection, and its restore: the fuzzer
// puts the demo data back before each operation in milliseconds (loading it again takes ~0.5 s and
// gives new ids). Deleting and re-inserting claims runs the FTS triggers, so search stays in step.
import type { Db } from '../../src/db/client.js';

const KEEP = new Set(['api_keys', '__drizzle_migrations']);

export function snapshot(db: Db): () => void {
  const sqlite = db.$client;
  const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[])
    .filter((name) => !KEEP.has(name) && !name.includes('_fts'));
  for (const t of tables) sqlite.exec(`DROP TABLE IF EXISTS temp."snap_${t}"; CREATE TEMP TABLE "snap_${t}" AS SELECT * FROM main."${t}"`);
  const restore = sqlite.transaction(() => {
    for (const t of tables) sqlite.exec(`DELETE FROM main."${t}"; INSERT INTO main."${t}" SELECT * FROM temp."snap_${t}"`);
  });
  return () => {
    sqlite.pragma('foreign_keys = OFF');
    try {
      restore();
    } finally {
      sqlite.pragma('foreign_keys = ON');
    }
  };
}
