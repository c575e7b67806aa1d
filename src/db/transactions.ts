// Write transactions of the repositories: BEGIN IMMEDIATE (a write never upgrades a read lock, which another process
// could hold), one transaction function per connection, and no savepoint of their own inside an import line's.
import type Database from 'better-sqlite3';
import type { Db } from './client.js';

/** Connections running a unit of work that rolls back to a savepoint of its own whenever anything in it throws. */
const enclosed = new WeakSet<Database.Database>();

/**
 * Runs `run` with `db` marked as enclosed: a caller that rolls back to its own savepoint when anything in `run` throws
 * (an import line) spares the writes inside the savepoint each would otherwise open.
 */
export function enclosing<T>(db: Db, run: () => T): T {
  const sqlite = db.$client;
  if (enclosed.has(sqlite)) return run();
  enclosed.add(sqlite);
  try {
    return run();
  } finally {
    enclosed.delete(sqlite);
  }
}

/** A transaction function per connection that runs the function it is given. */
const transactions = new WeakMap<Database.Database, Database.Transaction<(run: () => unknown) => unknown>>();

/**
 * Runs `run` in a write transaction (BEGIN IMMEDIATE), or in a savepoint when the connection is already in one: what
 * Drizzle's db.transaction(run, { behavior: 'immediate' }) does, without building a transaction per call. Within `enclosing`
 * (and a transaction) it just runs `run`: the enclosing savepoint undoes its writes if it throws.
 */
export function writeTransaction<T>(db: Db, run: () => T): T {
  const sqlite = db.$client;
  if (sqlite.inTransaction && enclosed.has(sqlite)) return run();
  let transaction = transactions.get(sqlite);
  if (transaction === undefined) {
    transaction = sqlite.transaction((body: () => unknown) => body());
    transactions.set(sqlite, transaction);
  }
  return transaction.immediate(run) as T;
}
