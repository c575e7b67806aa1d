// The command-line tool, run as a user would: migrate, seed, keys create/list/revoke, openapi.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { createKeysRepository } from '../src/repositories/keys.js';
import { CLI } from './helpers/cli.js';

const run = promisify(execFile);
const dbFile = join(mkdtempSync(join(tmpdir(), 'whosaid-cli-')), 'cli.db');

async function whosaid(...args: string[]) {
  return run(process.execPath, [...CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', WHOSAID_DB: dbFile, LOG_LEVEL: 'silent' },
    timeout: 30_000,
  });
}

describe('whosaid CLI', () => {
  it('migrates, seeds once, and manages keys whose secrets are shown once', async () => {
    expect((await whosaid('migrate')).stdout).toContain('migrations applied');
    expect((await whosaid('seed')).stdout).toMatch(/demo data loaded: .*"claims":\d+/);
    expect((await whosaid('seed')).stdout).toContain('already present');

    const created = await whosaid('keys', 'create', '--scope', 'write', '--name', 'pipeline');
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^ws_[\w-]{43}$/);
    const id = /created (key_\w+)/.exec(created.stderr)?.[1] as string;
    expect(id).toBeDefined();

    const listed = (await whosaid('keys', 'list')).stdout;
    expect(listed).toContain(`${id}\twrite`);
    expect(listed).not.toContain(secret);

    const db = openDatabase(dbFile);
    expect(createKeysRepository(db).verify(secret, undefined)?.scope).toBe('write');
    expect((await whosaid('keys', 'revoke', id)).stdout).toContain(`revoked ${id}`);
    expect(createKeysRepository(db).verify(secret, undefined)).toBeNull();
    db.$client.close();
    await expect(whosaid('keys', 'revoke', id)).rejects.toMatchObject({ code: 1 });
  }, 60_000);

  it('refuses bad configuration with exit code 2, naming the variable', async () => {
    await expect(run(process.execPath, [...CLI, 'migrate'], {
      env: { PATH: process.env.PATH ?? '', PORT: 'eighty' }, timeout: 30_000,
    })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('PORT') });
  }, 60_000);

  it('prints the same OpenAPI document as the committed one', async () => {
    expect((await whosaid('openapi')).stdout).toBe(readFileSync('openapi.yaml', 'utf8'));
  }, 60_000);
});
