// The committed openapi.yaml matches the routes, and the document is fit for client generators.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderOpenApi } from '../src/openapi-document.js';

type Operation = { operationId?: string; tags?: string[]; summary?: string; responses: Record<string, unknown> };

describe('openapi.yaml', () => {
  it('is current: regenerate it with `npm run openapi` when this fails', async () => {
    expect(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')).toBe(await renderOpenApi());
  });

  it('gives every operation an operationId, a tag, a summary and problem responses', async () => {
    const doc = parse(await renderOpenApi()) as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
    const ops = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
    expect(ops.length).toBeGreaterThan(30);
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of ops) {
      expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.tags?.length, `${method} ${path}`).toBe(1);
      expect(op.summary, `${method} ${path}`).toBeTruthy();
      if (path.startsWith('/v1')) expect(Object.keys(op.responses), `${method} ${path}`).toContain('400');
    }
    expect(Object.keys(doc.components.schemas).filter((n) => /^def-\d+$/.test(n))).toEqual([]);
    expect(doc.components.schemas).toHaveProperty('Claim');
    expect(doc.components.schemas).toHaveProperty('Problem');
  });

  it('documents the Link header on every operation that answers a page with next_cursor', async () => {
    type Response = { headers?: Record<string, unknown>; content?: Record<string, { schema?: { $ref?: string } }> };
    const doc = parse(await renderOpenApi()) as {
      paths: Record<string, Record<string, { responses: Record<string, Response> }>>; components: { schemas: Record<string, { properties?: object }> };
    };
    const paged = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).flatMap(([method, op]) => {
      const ref = op.responses['200']?.content?.['application/json']?.schema?.$ref;
      const schema = ref === undefined ? undefined : doc.components.schemas[ref.replace('#/components/schemas/', '')];
      return schema?.properties !== undefined && 'next_cursor' in schema.properties ? [{ name: `${method} ${path}`, ok: op.responses['200'] as Response }] : [];
    }));
    expect(paged.length).toBeGreaterThan(10);
    for (const { name, ok } of paged) expect(ok.headers, name).toHaveProperty('link');
  });
});
