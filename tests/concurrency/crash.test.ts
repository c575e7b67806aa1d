// Crash safety: a server killed with SIGKILL in the middle of an atomic import leaves a database that
// passes integrity_check and holds nothing of that import.
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { loadDemo } from '../../src/demo/seed.js';
import { CLI } from '../helpers/cli.js';

const ADMIN_KEY = 'crash-admin-key-0123456789';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('crash safety', () => {
  it('SIGKILL during an atomic import: integrity_check ok, nothing of the import present', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'whosaid-crash-')), 'db.sqlite');
    const seed = openDatabase(file);
    loadDemo(seed);
    const before = seed.$client.prepare('SELECT count(*) FROM topics').pluck().get();
    seed.$client.close();

    const server = spawn(process.execPath, [...CLI, 'serve'], {
      env: { PATH: process.env.PATH ?? '', WHOSAID_DB: file, PORT: '0', HOST: '127.0.0.1', WHOSAID_ADMIN_KEY: ADMIN_KEY, WHOSAID_DEMO: '0', LOG_LEVEL: 'info' },
    });
    const base = await new Promise<URL>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start')), 30_000);
      let out = '';
      server.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) { clearTimeout(timer); resolve(new URL(m[1] as string)); }
      });
    });

    // Stream an import and keep it open: the server has processed these lines inside its transaction.
    const req = request({
      host: base.hostname, port: base.port, path: '/v1/import?mode=atomic', method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' },
    });
    req.on('error', () => {}); // the connection dies with the server
    for (let i = 0; i < 3_000; i++) req.write(`${JSON.stringify({ type: 'topic', slug: `crash-${i}`, name: `Crash ${i}` })}\n`);
    // Wait (bounded) until the import's transaction holds the write lock: a probe's BEGIN IMMEDIATE is then refused.
    const probe = new Database(file);
    probe.pragma('busy_timeout = 0');
    let importing = false;
    for (let i = 0; i < 100 && !importing; i++) {
      try {
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('ROLLBACK');
        await sleep(50);
      } catch {
        importing = true;
      }
    }
    probe.close();
    expect(importing, 'the import never took the write lock').toBe(true);
    await sleep(300);
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));

    const db = openDatabase(file);
    expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.$client.prepare("SELECT count(*) FROM topics WHERE slug LIKE 'crash-%'").pluck().get()).toBe(0);
    expect(db.$client.prepare('SELECT count(*) FROM topics').pluck().get()).toBe(before);
    db.$client.close();
  }, 60_000);
});
