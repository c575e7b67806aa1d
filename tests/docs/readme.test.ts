// README as tests: every shell example in README.md runs, in order, against a live server over the
// demo data. Each curl's status is recorded; a block may only see 2xx/3xx statuses, or those its
// comments name (`# 422`); jq filters fail on an answer of the wrong shape, and the block with them.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { loadDemo } from '../../src/demo/seed.js';

const run = promisify(execFile);
const ADMIN_KEY = 'readme-admin-key-0123456789';
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string)
  // Set-up commands and placeholders are not examples to run against a server.
  .filter((b) => !/^\s*(npm |export KEY=)/.test(b));

let app: FastifyInstance;
let base: string;
let result: { code: number; stderr: string; stdout: string };

beforeAll(async () => {
  const db = openDatabase(':memory:');
  loadDemo(db);
  app = await buildApp({ adminKey: ADMIN_KEY, publicReads: true, bodyLimit: 1_048_576, logLevel: 'silent' }, { db });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  base = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  // One bash session, so variables set by one example serve the next; curl reports each status on stderr.
  const script = [
    'set -euo pipefail',
    `curl() { command curl --max-time 20 -w '%{stderr}@@status %{http_code}\\n' "$@"; }`,
    ...blocks.map((b, i) => `echo "@@block ${i}" >&2\n${b.replaceAll('localhost:3000', base)}`),
    'echo "@@end" >&2',
  ].join('\n');
  try {
    const { stdout, stderr } = await run('bash', ['-c', script], {
      cwd: mkdtempSync(join(tmpdir(), 'whosaid-readme-')), env: { PATH: process.env.PATH ?? '', KEY: ADMIN_KEY }, timeout: 120_000, maxBuffer: 32 * 1024 * 1024,
    });
    result = { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    result = { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}, 150_000);
afterAll(async () => { await app.close(); });

/** The statuses each block's curls got, by block index. */
function statusesByBlock(stderr: string): Map<number, number[]> {
  const out = new Map<number, number[]>();
  let block = -1;
  for (const line of stderr.split('\n')) {
    const b = /^@@block (\d+)$/.exec(line);
    if (b) { block = Number(b[1]); out.set(block, []); continue; }
    const s = /^@@status (\d{3})$/.exec(line);
    if (s && block >= 0) out.get(block)?.push(Number(s[1]));
  }
  return out;
}

describe('README examples', () => {
  it('has examples to run', () => {
    expect(blocks.length).toBeGreaterThan(10);
  });

  it('run to the end without an error', () => {
    expect(result.code, `exit ${result.code}\n${result.stderr.slice(-3000)}`).toBe(0);
    expect(result.stderr).toContain('@@end');
  });

  it.each(blocks.map((b, i) => [i, b.split('\n')[0] ?? '', b] as const))('block %i (%s) gets only the statuses it expects', (i, _first, block) => {
    const statuses = statusesByBlock(result.stderr).get(i);
    expect(statuses, `block ${i} did not run`).toBeDefined();
    const named = new Set([...block.matchAll(/#\s*(\d{3})\b/g)].map((m) => Number(m[1])));
    for (const status of statuses ?? []) {
      expect(status < 400 || named.has(status), `block ${i}: status ${status}\n${block}`).toBe(true);
    }
    if (/\bcurl\b/.test(block)) expect(statuses?.length).toBeGreaterThan(0);
  });
});
