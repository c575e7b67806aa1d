// serve(config): open the database (demo data and a first admin key when new), build the app, listen, close on signals.
// With WHOSAID_WORKERS above 1 the primary does the one-time work, then forks workers that each open the database and listen on the port.
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Config } from './config.js';
import { buildApp } from './app.js';
import { isNewDatabase, openDatabase, type Db } from './db/client.js';
import { loadDemo } from './demo/seed.js';
import { createKeysRepository } from './repositories/keys.js';

/** Creates an admin key when there is none and no WHOSAID_ADMIN_KEY; returns its secret to print once. */
export function ensureFirstKey(db: Db, config: Pick<Config, 'adminKey'>): string | null {
  const keys = createKeysRepository(db);
  if (config.adminKey !== undefined || keys.countLive() > 0) return null;
  return keys.create('first admin key', 'admin').secret;
}

/** Migrations, demo data on a new database and the first admin key: done once, by the only or the primary process. */
function prepare(config: Config): Db {
  const fresh = isNewDatabase(config.dbFile);
  const db = openDatabase(config.dbFile);
  if (fresh && config.demo) loadDemo(db);
  const secret = ensureFirstKey(db, config);
  if (secret !== null) {
    process.stdout.write(
      `\nCreated an admin API key. It is shown this once and stored only as a hash:\n\n    ${secret}\n\n` +
      `Send it as "Authorization: Bearer <key>". Make narrower keys with: whosaid keys create --scope write --name <name>\n\n`,
    );
  }
  return db;
}

/**
 * The primary of a cluster: prepares the database, forks the workers and replaces one that dies. A worker that dies
 * before it ever listened (a bad port, a broken database) stops the whole server rather than being forked again forever.
 */
function runPrimary(config: Config, workers: number): void {
  prepare(config).$client.close();
  let closing = false;
  const listened = new Set<number>();
  cluster.on('listening', (worker) => listened.add(worker.id));
  cluster.on('exit', (worker, code, signal) => {
    if (closing) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    process.stderr.write(`worker ${worker.process.pid} exited (${signal ?? code})${listened.has(worker.id) ? '; starting another' : ' before listening; stopping'}\n`);
    if (listened.has(worker.id)) cluster.fork();
    else void shutdown(1);
  });
  const shutdown = async (code: number) => {
    closing = true;
    const alive = Object.values(cluster.workers ?? {});
    if (alive.length === 0) process.exit(code);
    for (const worker of alive) worker?.process.kill('SIGTERM');
    process.exitCode = code;
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  for (let i = 0; i < workers; i++) cluster.fork();
}

export async function serve(config: Config): Promise<void> {
  const workers = config.workers === 0 ? availableParallelism() : config.workers;
  // Each worker would have a database of its own.
  if (workers > 1 && config.dbFile === ':memory:') process.stderr.write('WHOSAID_WORKERS is ignored for an in-memory database: serving from one process\n');
  else if (workers > 1 && cluster.isPrimary) return runPrimary(config, workers);
  // A worker finds the database prepared by its primary.
  const db = cluster.isWorker ? openDatabase(config.dbFile) : prepare(config);
  const app = await buildApp(config, { db });
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
}
