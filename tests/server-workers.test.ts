// WHOSAID_WORKERS: the primary prepares the database once, forks workers that share the port, and stops them on SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { firstAnswer, freePort } from '../bench/processes.js';
import { CLI } from './helpers/cli.js';

const workersOf = (pid: number) => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter((p) => p !== '');

describe('serve with WHOSAID_WORKERS=2', () => {
  it('seeds a new database and creates the first key once, answers from two workers, and stops them all on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [...CLI, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '', WHOSAID_DB: join(mkdtempSync(join(tmpdir(), 'whosaid-workers-')), 'db.sqlite'),
        PORT: String(port), WHOSAID_WORKERS: '2', WHOSAID_DEMO: '1', LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    try {
      await firstAnswer(`http://127.0.0.1:${port}/v1/claims?limit=5`, performance.now(), child, 60_000);
      const claims = await (await fetch(`http://127.0.0.1:${port}/v1/claims?limit=5`)).json() as { data: unknown[] };
      expect(claims?.data.length).toBe(5); // the demo data, loaded by the primary
      expect(stdout.match(/Created an admin API key/g)).toHaveLength(1);
      // Both workers listen: wait until the primary has forked them, then send requests through the shared port.
      for (let attempt = 0; workersOf(child.pid as number).length < 2 && attempt < 100; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(workersOf(child.pid as number)).toHaveLength(2);
      const statuses = await Promise.all(Array.from({ length: 20 }, () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status)));
      expect(statuses.every((s) => s === 200)).toBe(true);

      const workers = workersOf(child.pid as number);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit') as [number | null];
      expect(code).toBe(0);
      for (const pid of workers) expect(() => process.kill(Number(pid), 0)).toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
