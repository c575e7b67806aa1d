// The full export: every live record, each after what it refers to, from one snapshot.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { loadDemo } from '../../src/demo/seed.js';
import { exportLines, exportRecords } from '../../src/interchange/export.js';

describe('export', () => {
  it('writes every live record once, each after the records it refers to', () => {
    const db = openDatabase(':memory:');
    loadDemo(db);
    db.$client.exec("UPDATE positions SET deleted_at = '2026-01-01' WHERE rowid = (SELECT min(rowid) FROM positions)");
    const records = [...exportRecords(db)];
    const count = (table: string) => db.$client.prepare(`SELECT count(*) FROM ${table} WHERE deleted_at IS NULL`).pluck().get();
    const ofType = (type: string) => records.filter((r) => r.type === type).length;
    expect([ofType('topic'), ofType('actor'), ofType('article'), ofType('claim'), ofType('position')])
      .toEqual([count('topics'), count('actors'), count('articles'), count('claims'), count('positions')]);

    const seen = new Set<string>();
    const refs = (r: Record<string, unknown>): unknown[] => [
      r.parent, r.speaker, r.actor, r.topic, ...(r.addressees as unknown[] ?? []), ...(r.objects as unknown[] ?? []), ...(r.evidence as unknown[] ?? []),
      ...((r.roles as { organization: unknown }[] | undefined) ?? []).map((x) => x.organization),
      ...((r.topics as { topic: unknown }[] | undefined) ?? []).map((x) => x.topic),
      ...((r.sources as { article: unknown }[] | undefined) ?? []).map((x) => x.article),
    ];
    for (const r of records) {
      for (const ref of refs(r)) if (typeof ref === 'string') expect(seen.has(ref), `${r.type} ${String(r.id)} refers to ${ref} before it`).toBe(true);
      seen.add(String(r.id));
    }
  });

  it('reads one snapshot: a claim written while the export streams is not in it', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'whosaid-export-')), 'db.sqlite'));
    loadDemo(db);
    const lines = exportLines(db);
    const first = lines.next();
    expect(first.done).toBe(false);
    db.$client.exec("UPDATE claims SET text = 'changed after the export began' WHERE rowid = (SELECT min(rowid) FROM claims)");
    const rest = [...lines].join('');
    expect(rest).not.toContain('changed after the export began');
    db.$client.close();
  });

  it('GET /v1/export streams the same NDJSON', async () => {
    const db = openDatabase(':memory:');
    loadDemo(db);
    const app = await buildApp({ adminKey: undefined, publicReads: true, bodyLimit: 1_048_576, logLevel: 'silent' }, { db });
    const res = await app.inject({ url: '/v1/export' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.body).toBe([...exportLines(db)].join(''));
    expect(res.body.trim().split('\n').every((line) => typeof JSON.parse(line).type === 'string')).toBe(true);
    await app.close();
  });
});
