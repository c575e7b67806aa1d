// The committed openapi.yaml as a client sees it: types generated from it, journeys.ts type-checked against them,
// then the journeys run through openapi-fetch against a real listener on 127.0.0.1 over the demo data.
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { loadDemo, readDemoData } from '../../src/demo/seed.js';
import { createKeysRepository } from '../../src/repositories/keys.js';
import { generateSchemaTypes } from './generate.js';
// Runs through vitest's transform: journeys.ts takes only types from the generated file, and those are erased.
import * as journeys from './journeys.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const JOURNEYS_FILE = here('./journeys.ts');
const ADMIN_KEY = 'contract-admin-key-0123456789';
const TOPIC = 'nato-eastward-expansion';
const SAID_ON = '2021-12-02';
const demo = readDemoData().data;

/** Compiler diagnostics of `files` (and of in-memory `extra` files) under the project's compiler options. */
function typeErrors(files: string[], extra: Record<string, string> = {}): string {
  const configFile = here('../../tsconfig.json');
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configFile, ts.sys.readFile).config, ts.sys, dirname(configFile));
  const options = { ...parsed.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => file in extra || fileExists(file);
  host.readFile = (file) => extra[file] ?? readFile(file);
  host.getSourceFile = (file, language, ...rest) =>
    extra[file] === undefined ? getSourceFile(file, language, ...rest) : ts.createSourceFile(file, extra[file], language);
  const program = ts.createProgram([...files, ...Object.keys(extra)], options, host);
  const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
  return ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' });
}

/** Uses the client wrongly twice: a query parameter the API lacks, and a string read as a number. */
const MISUSE = [
  "import { connect } from '../journeys.js';",
  'export async function misuse(): Promise<number | undefined> {',
  "  const client = connect('http://127.0.0.1:9');",
  "  await client.GET('/v1/claims', { params: { query: { colour: 'red' } } });",
  "  const { data } = await client.GET('/v1/claims/{id}', { params: { path: { id: 'clm_x' } } });",
  '  return data?.text;',
  '}',
].join('\n');

let app: FastifyInstance;
let misuseErrors: string;
let client: journeys.Client;
let anonymous: journeys.Client;
let recorded: journeys.Recorded;

beforeAll(async () => {
  const schemaFile = await generateSchemaTypes();
  const errors = typeErrors([JOURNEYS_FILE, schemaFile]);
  if (errors !== '') throw new Error(`journeys.ts does not type-check against the generated client types:\n${errors}`);
  // Compiled before listening: a compile blocks the event loop for seconds, which load shedding would answer with 503s.
  misuseErrors = typeErrors([JOURNEYS_FILE, schemaFile], { [here('./generated/misuse.ts')]: MISUSE });

  const db = openDatabase(':memory:');
  loadDemo(db);
  app = await buildApp({ adminKey: ADMIN_KEY, publicReads: true, bodyLimit: 1_048_576, logLevel: 'silent' }, { db });
  const writeKey = createKeysRepository(db).create('contract', 'write').secret;
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  client = journeys.connect(baseUrl, writeKey);
  anonymous = journeys.connect(baseUrl);
  recorded = await journeys.recordClaim(client, await journeys.topicId(client, TOPIC), SAID_ON);
}, 90_000);

afterAll(async () => { await app?.close(); });

describe('the generated client types', () => {
  it('reject a journey that misreads the API', () => {
    expect(misuseErrors).toContain("'colour' does not exist");
    expect(misuseErrors).toMatch(/Type 'string \| undefined' is not assignable to type 'number \| undefined'/);
  });
});

describe('journeys over HTTP', () => {
  it('records an article, two actors and a claim with a write key', async () => {
    const { article, speaker, addressee, claim } = recorded;
    expect(claim).toMatchObject({
      actor_id: speaker.id, speaker: { id: speaker.id, name: 'Ada Quill' }, text: journeys.QUOTE, said_on: SAID_ON, said_on_precision: 'day',
      addressee_ids: [addressee.id], topics: [{ topic: { slug: TOPIC }, stance: 'opposes' }],
      sources: [{ article_id: article.id, quote: journeys.QUOTE, verbatim: true }],
    });
    const [source] = claim.sources;
    expect(article.body?.slice(source?.start ?? 0, source?.end ?? 0)).toBe(journeys.QUOTE);
    expect(await journeys.getClaim(client, claim.id)).toEqual(claim);
  });

  it('finds claims by speaker id and by speaker name', async () => {
    expect((await journeys.claimsBySpeakerId(client, recorded.speaker.id)).map((c) => c.id)).toEqual([recorded.claim.id]);
    const lavrov = await journeys.claimsBySpeakerName(client, 'Sergey Lavrov');
    expect(lavrov).toHaveLength(demo.claims.filter((c) => c.speaker === 'lavrov').length);
    expect(new Set(lavrov.map((c) => c.speaker.name))).toEqual(new Set(['Sergey Lavrov']));
  });

  it('finds claims by topic, and by topic and stance', async () => {
    const topic = recorded.claim.topics[0]?.topic_id ?? '';
    const about = await journeys.claimsAboutTopic(client, topic);
    expect(about).toHaveLength(demo.claims.filter((c) => c.topics.some((t) => t.topic === TOPIC)).length + 1);
    expect(about.every((c) => c.topics.some((t) => t.topic_id === topic))).toBe(true);
    const opposing = await journeys.claimsAboutTopic(client, topic, 'opposes');
    expect(opposing.map((c) => c.id)).toContain(recorded.claim.id);
    expect(opposing.every((c) => c.topics.some((t) => t.topic_id === topic && t.stance === 'opposes'))).toBe(true);
    expect(opposing.length).toBeLessThan(about.length);
  });

  it('finds claims said within a date range, earliest first', async () => {
    const [from, to] = ['2021-12-01', SAID_ON];
    const said = await journeys.claimsSaidBetween(client, from, to);
    const inDemo = demo.claims.filter((c) => typeof c.said_on === 'string' && c.said_on.length === 10 && c.said_on >= from && c.said_on <= to);
    expect(said).toHaveLength(inDemo.length + 1);
    expect(said.map((c) => c.id)).toContain(recorded.claim.id);
    const days = said.map((c) => c.said_on ?? '');
    expect(days.every((d) => d >= from && d <= to)).toBe(true);
    expect(days).toEqual([...days].sort());
  });

  it('pages through every claim following next_cursor, with a Link to each next page', async () => {
    const limit = 10;
    const pages = await journeys.pageThroughClaims(client, limit);
    const total = demo.claims.length + 1;
    expect(pages).toHaveLength(Math.ceil(total / limit));
    const ids = pages.flatMap((p) => p.ids);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    for (const page of pages.slice(0, -1)) {
      expect(page.ids).toHaveLength(limit);
      const [, target] = /^<([^>]+)>; rel="next"$/.exec(page.link ?? '') ?? [];
      const next = new URL(target ?? '', 'http://127.0.0.1');
      expect(next.pathname).toBe('/v1/claims');
      expect(next.searchParams.get('limit')).toBe(String(limit));
      expect(next.searchParams.get('cursor')).toBe(page.nextCursor);
    }
    expect(pages.at(-1)).toMatchObject({ nextCursor: null, link: null });
  });
});

describe('problems, typed as the Problem component', () => {
  const problemJson = expect.stringMatching(/^application\/problem\+json/);

  it('401 for a write without a key', async () => {
    expect(await journeys.createArticleWithoutKey(anonymous)).toEqual({
      status: 401, contentType: problemJson,
      problem: {
        type: '/problems/unauthorized', title: 'Authentication required', status: 401, instance: '/v1/articles',
        detail: 'this operation needs an API key with the write scope: send Authorization: Bearer <key>',
      },
    });
  });

  it('404 for a claim that does not exist', async () => {
    const id = 'clm_01JEG8S0V2Y6Q5H3N0W4X9Z7KD';
    expect(await journeys.getMissingClaim(client, id)).toEqual({
      status: 404, contentType: problemJson,
      problem: { type: '/problems/not-found', title: 'Not found', status: 404, detail: `claim ${id} does not exist`, instance: `/v1/claims/${id}` },
    });
  });

  it('422 for a quote absent from its article, pointing at the quote, and nothing recorded', async () => {
    expect(await journeys.claimWithAbsentQuote(client, recorded)).toEqual({
      status: 422, contentType: problemJson,
      problem: {
        type: '/problems/quote-not-found', title: 'Quote not found in its article', status: 422, instance: '/v1/claims',
        detail: expect.any(String),
        errors: [{ in: 'body', pointer: '/sources/0/quote', message: expect.any(String) }],
        quote: 'The harbour will close.', article_id: recorded.article.id,
      },
    });
    expect(await journeys.claimsBySpeakerId(client, recorded.speaker.id)).toHaveLength(1);
  });

  it('400 for an unknown query parameter, naming it', async () => {
    expect(await journeys.listClaimsWithUnknownParameter(client, 'colour')).toEqual({
      status: 400, contentType: problemJson,
      problem: {
        type: '/problems/validation', title: 'Invalid request', status: 400, instance: '/v1/claims',
        detail: 'query /colour: unknown query parameter',
        errors: [{ in: 'query', pointer: '/colour', message: 'unknown query parameter' }],
      },
    });
  });
});
