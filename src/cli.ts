#!/usr/bin/env node
// The whosaid command-line tool: serve, migrate, seed, import, export, backup, restore, keys, openapi.
import { createReadStream, createWriteStream, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/client.js';
import { backupDatabase, checkBackup, restoreDatabase } from './backup.js';
import { loadDemo } from './demo/seed.js';
import { exportLines } from './interchange/export.js';
import { importNdjson, splitLines } from './interchange/import.js';
import { renderOpenApi } from './openapi-document.js';
import { createKeysRepository, type Scope } from './repositories/keys.js';
import { serve } from './server.js';
import { VERSION } from './version.js';

function config(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

const program = new Command('whosaid').description('A statements database: who said what, when, reported where.').version(VERSION);

program.command('serve').description('Serve the API (migrates; loads the demo data into a new database when WHOSAID_DEMO=1).')
  .action(async () => serve(config()));

program.command('migrate').description('Apply pending migrations to WHOSAID_DB.')
  .action(() => {
    openDatabase(config().dbFile).$client.close();
    process.stdout.write('migrations applied\n');
  });

program.command('seed').description('Load the demo data set (the seed article, coded by hand) into WHOSAID_DB.')
  .action(() => {
    const db = openDatabase(config().dbFile);
    const result = loadDemo(db);
    process.stdout.write(result.loaded ? `demo data loaded: ${JSON.stringify(result.counts)}\n` : 'demo data already present: nothing loaded\n');
    db.$client.close();
  });

const keys = program.command('keys').description('Manage API keys.');
keys.command('create').description('Create a key; its secret is printed once.')
  .requiredOption('--name <name>', 'what the key is for')
  .addOption(new Option('--scope <scope>', 'what it may do').choices(['read', 'write', 'admin']).default('read'))
  .action((opts: { name: string; scope: Scope }) => {
    const db = openDatabase(config().dbFile);
    const key = createKeysRepository(db).create(opts.name, opts.scope);
    process.stdout.write(`${key.secret}\n`);
    process.stderr.write(`created ${key.id} (${key.scope}, "${key.name}"); the secret above is not shown again\n`);
    db.$client.close();
  });
keys.command('list').description('List keys (never their secrets).')
  .action(() => {
    const db = openDatabase(config().dbFile);
    for (const k of createKeysRepository(db).list()) {
      process.stdout.write(`${k.id}\t${k.scope}\t${k.prefix}…\t${k.revoked_at ? `revoked ${k.revoked_at}` : 'live'}\t${k.name}\n`);
    }
    db.$client.close();
  });
keys.command('revoke').description('Revoke a key by id.').argument('<id>')
  .action((id: string) => {
    const db = openDatabase(config().dbFile);
    const done = createKeysRepository(db).revoke(id);
    db.$client.close();
    if (!done) {
      process.stderr.write(`no live key ${id}\n`);
      process.exit(1);
    }
    process.stdout.write(`revoked ${id}\n`);
  });

program.command('import').description('Import NDJSON records (whosaid or Quotebank) from FILE, or - for standard input; prints the report as JSON.')
  .argument('<file>', 'the NDJSON file, or - to read standard input')
  .addOption(new Option('--mode <mode>', 'atomic: all lines or none; best_effort: every good line lands').choices(['atomic', 'best_effort']).default('atomic'))
  .option('--dry-run', 'report what would happen without changing anything', false)
  .addOption(new Option('--format <format>', 'how to read the lines').choices(['whosaid', 'quotebank']).default('whosaid'))
  .action(async (file: string, opts: { mode: 'atomic' | 'best_effort'; dryRun: boolean; format: 'whosaid' | 'quotebank' }) => {
    const db = openDatabase(config().dbFile);
    try {
      const input = file === '-' ? process.stdin : createReadStream(file);
      const report = await importNdjson(db, splitLines(input), { mode: opts.mode, dryRun: opts.dryRun, format: opts.format, by: null });
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      // 1: some lines failed (in atomic mode nothing was committed); the report says which.
      if (report.failed > 0) process.exitCode = 1;
    } catch (error) {
      process.stderr.write(`import failed: ${(error as Error).message}\n`);
      process.exitCode = 2;
    } finally {
      db.$client.close();
    }
  });

program.command('export').description('Write every live record as NDJSON interchange records (importable by whosaid import).')
  .argument('[file]', 'write here instead of standard output')
  .action(async (file?: string) => {
    const db = openDatabase(config().dbFile);
    const out = file ? createWriteStream(file) : process.stdout;
    await pipeline(Readable.from(exportLines(db)), out);
    db.$client.close();
  });

program.command('backup').description('Copy WHOSAID_DB to PATH with SQLite\'s online backup: consistent while the server writes.')
  .argument('<path>', 'the backup file to create')
  .action(async (path: string) => {
    const db = openDatabase(config().dbFile);
    const { pages } = await backupDatabase(db, path);
    const { claims } = checkBackup(path);
    db.$client.close();
    process.stdout.write(`backed up ${pages} pages (${claims} claims) to ${path}\n`);
  });

program.command('restore').description('Replace WHOSAID_DB with a backup, after checking it. Stop the server first.')
  .argument('<path>', 'the backup file')
  .action((path: string) => {
    const { claims } = restoreDatabase(path, config().dbFile);
    process.stdout.write(`restored ${path} (${claims} claims) into ${config().dbFile}\n`);
  });

program.command('openapi').description('Print the OpenAPI document (YAML), or write it to a file.')
  .option('--out <file>', 'write to this file instead of standard output')
  .action(async (opts: { out?: string }) => {
    const yaml = await renderOpenApi();
    if (opts.out) writeFileSync(opts.out, yaml);
    else process.stdout.write(yaml);
  });

await program.parseAsync();
