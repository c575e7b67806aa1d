// A process that works on a whosaid database file for a bounded time and count, then reports.
// Usage: node --import tsx tests/concurrency/worker.ts writer|reader FILE MILLISECONDS
import { openDatabase } from '../../src/db/client.js';
import { createClaimsRepository } from '../../src/repositories/claims.js';
import { createTopicsRepository } from '../../src/repositories/topics.js';

const [role, file, ms] = process.argv.slice(2) as [string, string, string];
const db = openDatabase(file);
const claims = createClaimsRepository(db);
const topics = createTopicsRepository(db);
const until = Date.now() + Number(ms);
const MAX_OPS = 5_000;
let ops = 0;
const errors: string[] = [];

const existing = claims.list({ limit: 500 }).data;
for (let i = 0; Date.now() < until && i < MAX_OPS; i++) {
  try {
    if (role === 'writer') {
      topics.create({ slug: `load-${process.pid}-${i}`, name: `Load ${i}` }, null);
      const claim = existing[i % existing.length];
      if (claim) claims.update(claim.id, { context: `edit ${i}` }, null, () => {});
    } else {
      const page = claims.list({ limit: 50, sort: i % 2 === 0 ? '-said_on' : 'created_at', ...(i % 3 === 0 ? { q: 'NATO' } : {}) });
      if (page.data.length === 0) throw new Error('a read saw no claims');
      topics.list({ limit: 100 });
    }
    ops += 1;
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error));
  }
}
db.$client.close();
process.stdout.write(JSON.stringify({ role, ops, errors: errors.slice(0, 5), errorCount: errors.length }));
