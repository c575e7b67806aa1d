// Quotebank quotations: the pure mapping to whosaid records, and importing them (speakers by QID, dedup, confidence).
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { importNdjson, type ImportOptions } from '../../src/interchange/import.js';
import { fromQuotebank, MAX_QUOTEBANK_SOURCES, speakerProbability, type QuotebankRecordT } from '../../src/interchange/quotebank.js';
import { createActorsRepository } from '../../src/repositories/actors.js';
import { createArticlesRepository } from '../../src/repositories/articles.js';
import { createClaimsRepository } from '../../src/repositories/claims.js';
import { resetData } from '../helpers/app.js';

/** A quotation-centric record with the published fields (quotes-YYYY.json), made up for the test. */
const quote = (over: Partial<QuotebankRecordT> = {}): QuotebankRecordT => ({
  quoteID: '2019-06-14-004711',
  quotation: 'we will not accept a border running through the middle of the continent',
  speaker: 'Angela Merkel',
  qids: ['Q567', 'Q98765432'],
  date: '2019-06-14 09:30:00',
  numOccurrences: 3,
  probas: [['Angela Merkel', '0.8123'], ['None', '0.1511'], ['Olaf Scholz', '0.0366']],
  urls: ['http://www.example-news.com/2019/06/14/merkel-border', 'https://Other.example.org/eu/merkel?utm_source=rss', 'http://www.example-news.com/2019/06/14/merkel-border#comments'],
  phase: 'E',
  ...over,
});

describe('fromQuotebank', () => {
  it('maps a quotation to its speaker, one article per URL and one claim citing each', () => {
    const { actor, articles, claim } = fromQuotebank(quote());
    expect(actor).toEqual({ type: 'actor', name: 'Angela Merkel', kind: 'person', wikidata_id: 'Q567' });
    expect(articles).toEqual([
      { type: 'article', url: 'http://www.example-news.com/2019/06/14/merkel-border', title: 'http://www.example-news.com/2019/06/14/merkel-border', published_at: '2019-06-14' },
      { type: 'article', url: 'https://other.example.org/eu/merkel', title: 'https://other.example.org/eu/merkel' },
    ]);
    expect(claim).toEqual({
      type: 'claim', speaker: { wikidata_id: 'Q567' }, text: quote().quotation, kind: 'direct_quote', language: 'en',
      status: 'unreviewed', origin: 'import', confidence: 0.8123,
      sources: articles.map((a) => ({ article: a.url, quote: quote().quotation, verbatim: false })),
    });
    expect(claim).not.toHaveProperty('said_on');
  });

  it(`cites at most the ${MAX_QUOTEBANK_SOURCES} earliest articles`, () => {
    const urls = Array.from({ length: 150 }, (_, i) => `https://site${i}.example.com/a`);
    const { articles, claim } = fromQuotebank(quote({ urls }));
    expect(articles).toHaveLength(MAX_QUOTEBANK_SOURCES);
    expect(claim.sources[0]?.article).toBe(urls[0]);
  });

  it.each([
    ['speaker None', { speaker: 'None', qids: [] }, 422, '/qids'],
    ['a speaker without QID', { qids: [] }, 422, '/qids'],
    ['no urls', { urls: [] }, 400, '/urls'],
    ['a URL that is not http', { urls: ['ftp://example.com/x'] }, 400, '/urls/0'],
    ['an empty quotation', { quotation: '' }, 400, '/quotation'],
    ['a malformed QID', { qids: ['7747'] }, 400, '/qids/0'],
  ])('refuses %s', (_label, over, status, pointer) => {
    expect(() => fromQuotebank(quote(over))).toThrow(expect.objectContaining({ status, extra: expect.objectContaining({ errors: [expect.objectContaining({ pointer })] }) }));
  });

  it.each([
    ['the named speaker, as a string', { speaker: 'Angela Merkel', probas: [['None', '0.5'], ['Angela Merkel', '0.4']] }, 0.4],
    ['the named speaker, as a number', { speaker: 'Angela Merkel', probas: [['Angela Merkel', 0.9], ['None', 0.1]] }, 0.9],
    ['the first other than None when the speaker is not listed', { speaker: 'A. Merkel', probas: [['None', '0.6'], ['Angela Merkel', '0.3']] }, 0.3],
    ['nothing without probas', { speaker: 'Angela Merkel', probas: undefined }, null],
    ['nothing for a probability out of range', { speaker: 'Angela Merkel', probas: [['Angela Merkel', '1.7']] }, null],
  ] as const)('takes confidence from %s', (_label, record, expected) => {
    expect(speakerProbability(record as Pick<QuotebankRecordT, 'speaker' | 'probas'>)).toBe(expected);
  });
});

describe('importing Quotebank', () => {
  const db = openDatabase(':memory:');
  beforeEach(() => resetData(db));
  afterAll(() => db.$client.close());
  const run = (records: unknown[], options: Partial<ImportOptions> = {}) => {
    async function* lines() { for (const r of records) yield JSON.stringify(r); }
    return importNdjson(db, lines(), { mode: 'best_effort', dryRun: false, format: 'quotebank', by: null, ...options });
  };
  const claims = () => createClaimsRepository(db).list({ limit: 100 }).data;

  it('gives the claim to the existing actor with the QID, without renaming or otherwise changing it', async () => {
    const merkel = createActorsRepository(db).create({ name: 'Merkel', kind: 'person', wikidata_id: 'Q567', description: 'Chancellor' }, null);
    const report = await run([quote()]);
    expect(report).toMatchObject({ failed: 0, by_type: { actor: { unchanged: 1, created: 0 }, article: { created: 2 }, claim: { created: 1 } } });
    const [claim] = claims();
    expect(claim).toMatchObject({ actor_id: merkel.id, kind: 'direct_quote', origin: 'import', status: 'unreviewed', confidence: 0.8123, said_on: null });
    expect(claim?.sources.map((s) => [s.article.url, s.article.published_at, s.verbatim])).toEqual([
      ['http://www.example-news.com/2019/06/14/merkel-border', '2019-06-14', false],
      ['https://other.example.org/eu/merkel', null, false],
    ]);
    expect(createActorsRepository(db).lifecycle.getLive(merkel.id)).toEqual(merkel);
  });

  it('creates a missing speaker, then reports everything unchanged on a second import', async () => {
    const first = await run([quote(), quote({ quoteID: '2019-06-15-000001', quotation: 'the euro is our common destiny', urls: ['https://third.example.net/x'] })]);
    expect(first).toMatchObject({ failed: 0, created: 6, by_type: { actor: { created: 1, unchanged: 1 } } });
    expect(createActorsRepository(db).list({ wikidata_id: 'Q567' }).data[0]).toMatchObject({ name: 'Angela Merkel', kind: 'person' });
    const again = await run([quote(), quote({ quoteID: '2019-06-15-000001', quotation: 'the euro is our common destiny', urls: ['https://third.example.net/x'] })]);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 7, failed: 0 });
  });

  it('merges one quotation seen twice, in other case and punctuation, into one claim with the sources of both', async () => {
    const report = await run([
      quote(),
      quote({ quoteID: '2019-07-01-000002', quotation: 'We will NOT accept a border running through the middle of the continent!', urls: ['https://late.example.com/merkel'] }),
    ]);
    expect(report.by_type.claim).toEqual({ created: 1, updated: 1, unchanged: 0, failed: 0 });
    expect(claims()).toHaveLength(1);
    expect(claims()[0]?.sources.map((s) => s.article.url)).toEqual([
      'http://www.example-news.com/2019/06/14/merkel-border', 'https://other.example.org/eu/merkel', 'https://late.example.com/merkel',
    ]);
  });

  it('leaves an existing article\'s title alone and fills in only its missing publication date', async () => {
    const article = createArticlesRepository(db).create({ url: 'http://www.example-news.com/2019/06/14/merkel-border', title: 'Merkel draws a line' }, null);
    const report = await run([quote()]);
    expect(report.by_type.article).toEqual({ created: 1, updated: 1, unchanged: 0, failed: 0 });
    expect(createArticlesRepository(db).lifecycle.getLive(article.id)).toMatchObject({ title: 'Merkel draws a line', published_at: '2019-06-14' });
  });

  it('fails unattributed quotations and lands the others', async () => {
    const report = await run([quote({ speaker: 'None', qids: [] }), quote(), 'not json']);
    expect(report).toMatchObject({ lines: 3, failed: 2, by_type: { claim: { created: 1, failed: 1 } } });
    expect(report.failures.map((f) => [f.line, f.problem.status])).toEqual([[1, 422], [3, 400]]);
    expect(report.failures[0]?.problem.detail).toMatch(/^line 1: quotation 2019-06-14-004711 is unattributed/);
  });
});
