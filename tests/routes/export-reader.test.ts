// Long list exports read their pages on a connection of their own: no memory map and a small cache.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, openReader, openSnapshot, type Db } from '../../src/db/client.js';
import { topics } from '../../src/db/schema.js';
import { newId } from '../../src/domain/ids.js';
import { createTopicsRepository } from '../../src/repositories/topics.js';
import { EXPORTS } from '../../src/routes/formats.js';
import { sendList, type ListParams } from '../../src/routes/shared.js';
import { commonSchemas } from '../../src/schemas/common.js';
import { topicSchemas } from '../../src/schemas/topics.js';

describe('exports on a reader connection', () => {
  let dir: string;
  let db: Db;
  let app: FastifyInstance;
  const TOTAL = 1_200;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'whosaid-reader-'));
    db = openDatabase(join(dir, 'w.db'));
    const now = new Date().toISOString();
    db.transaction((tx) => {
      for (let n = 0; n < TOTAL; n += 1) {
        tx.insert(topics).values({ id: newId('topic'), slug: `topic-${n}`, name: n % 7 === 0 ? `=Topic, "${n}"` : `Topic ${n}`, createdAt: now, updatedAt: now }).run();
      }
    });
    const repo = createTopicsRepository(db);
    app = Fastify();
    app.decorate('db', db);
    for (const schema of [...commonSchemas, ...topicSchemas]) app.addSchema(schema);
    app.get('/plain', async (request, reply) =>
      sendList(request, reply, request.query as ListParams, EXPORTS.topics, (cursor, limit) => repo.list({ cursor, limit })));
    app.get('/reader', async (request, reply) =>
      sendList(request, reply, request.query as ListParams, EXPORTS.topics, (cursor, limit) => repo.list({ cursor, limit }), {
        reader: (readerDb) => {
          const reader = createTopicsRepository(readerDb);
          return (cursor, limit) => reader.list({ cursor, limit });
        },
      }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens read-only connections without a memory map and with a small cache', () => {
    for (const opened of [openReader(db), openSnapshot(db)]) {
      try {
        expect(opened.db.$client.readonly).toBe(true);
        expect(opened.db.$client.pragma('mmap_size', { simple: true })).toBe(0);
        expect(opened.db.$client.pragma('cache_size', { simple: true })).toBe(-8192);
      } finally {
        opened.close();
      }
    }
    expect(db.$client.pragma('mmap_size', { simple: true })).toBeGreaterThan(0);
  });

  it.each(['csv', 'ndjson'])('sends the same %s, every page read on the reader, not on the server\'s connection', async (format) => {
    const plain = await app.inject({ url: `/plain?format=${format}` });
    const prepare = vi.spyOn(db.$client, 'prepare');
    try {
      const res = await app.inject({ url: `/reader?format=${format}` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).toBe(plain.body);
      expect(res.body.trimEnd().split('\n')).toHaveLength(format === 'csv' ? TOTAL + 1 : TOTAL);
      expect(prepare.mock.calls.filter(([sql]) => /from "topics"/.test(String(sql)))).toHaveLength(0);
    } finally {
      prepare.mockRestore();
    }
  });

  it('answers JSON pages on the server\'s connection', async () => {
    const prepare = vi.spyOn(db.$client, 'prepare');
    try {
      const res = await app.inject({ url: '/reader?limit=2' });
      expect(res.json<{ data: unknown[] }>().data).toHaveLength(2);
      expect(prepare.mock.calls.filter(([sql]) => /from "topics"/.test(String(sql))).length).toBeGreaterThan(0);
    } finally {
      prepare.mockRestore();
    }
  });
});
