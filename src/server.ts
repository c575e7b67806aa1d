// serve(config): open the database (demo data and a first admin key when new), build the app, listen, close on signals.
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

export async function serve(config: Config): Promise<void> {
  const fresh = isNewDatabase(config.dbFile);
  const db = openDatabase(config.dbFile);
  if (fresh && config.demo) loadDemo(db);
  const secret = ensureFirstKey(db, config);
  const app = await buildApp(config, { db });
  if (secret !== null) {
    process.stdout.write(
      `\nCreated an admin API key. It is shown this once and stored only as a hash:\n\n    ${secret}\n\n` +
      `Send it as "Authorization: Bearer <key>". Make narrower keys with: whosaid keys create --scope write --name <name>\n\n`,
    );
  }
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
