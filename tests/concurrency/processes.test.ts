// Several processes on one database file: a writer and readers run side by side without errors, and
// two servers taking PATCHes with the same If-Match lose no update: exactly one wins, the other gets 412.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { loadDemo } from '../../src/demo/seed.js';
import { CLI } from '../helpers/cli.js';

const run = promisify(execFile);
const ADMIN_KEY = 'concurrency-admin-key-0123456789';

function seededFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'whosaid-concurrency-')), 'db.sqlite');
  const db = openDatabase(file);
  loadDemo(db);
  db.$client.close();
  return file;
}

async function worker(role: 'writer' | 'reader', file: string, ms: number) {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'tests/concurrency/worker.ts', role, file, String(ms)], { timeout: 60_000 });
  return JSON.parse(stdout) as { role: string; ops: number; errors: string[]; errorCount: number };
}

const servers: ChildProcess[] = [];
afterAll(() => { for (const s of servers) s.kill('SIGKILL'); });

/** Starts `whosaid serve` on the file and resolves with its base URL once it listens. */
function serve(file: string): Promise<string> {
  const child = spawn(process.execPath, [...CLI, 'serve'], {
    env: { PATH: process.env.PATH ?? '', WHOSAID_DB: file, PORT: '0', HOST: '127.0.0.1', WHOSAID_ADMIN_KEY: ADMIN_KEY, WHOSAID_DEMO: '0', LOG_LEVEL: 'info' },
  });
  servers.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), 30_000);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1] as string); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${out}`)); });
  });
}

describe('several processes on one database', () => {
  it('a writer and three readers run for a bounded time without an error', async () => {
    const file = seededFile();
    const results = await Promise.all([worker('writer', file, 3_000), worker('reader', file, 3_000), worker('reader', file, 3_000), worker('reader', file, 3_000)]);
    for (const r of results) {
      expect(r.errorCount, `${r.role}: ${r.errors.join('; ')}`).toBe(0);
      expect(r.ops).toBeGreaterThan(0);
    }
    const db = openDatabase(file);
    expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.$client.prepare("SELECT count(*) FROM topics WHERE slug LIKE 'load-%'").pluck().get()).toBe(results[0]?.ops);
    db.$client.close();
  }, 90_000);

  it('two servers given the same If-Match: exactly one PATCH wins, the other gets 412', async () => {
    const file = seededFile();
    const [a, b] = await Promise.all([serve(file), serve(file)]);
    const auth = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    const list = await (await fetch(`${a}/v1/claims?limit=20`)).json() as { data: { id: string }[] };
    for (const [i, claim] of list.data.entries()) {
      const got = await fetch(`${a}/v1/claims/${claim.id}`);
      const etag = got.headers.get('etag') as string;
      const [ra, rb] = await Promise.all([
        fetch(`${a}/v1/claims/${claim.id}`, { method: 'PATCH', headers: { ...auth, 'if-match': etag }, body: JSON.stringify({ context: `from a ${i}` }) }),
        fetch(`${b}/v1/claims/${claim.id}`, { method: 'PATCH', headers: { ...auth, 'if-match': etag }, body: JSON.stringify({ context: `from b ${i}` }) }),
      ]);
      expect([ra.status, rb.status].sort(), `claim ${claim.id}`).toEqual([200, 412]);
      const winner = ra.status === 200 ? `from a ${i}` : `from b ${i}`;
      const now = await (await fetch(`${b}/v1/claims/${claim.id}`)).json() as { context: string };
      expect(now.context).toBe(winner);
    }
  }, 90_000);
});
