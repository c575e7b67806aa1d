// Acceptance for issue 7 on the seed article: precision and recall of at least 0.8 against the hand annotation,
// and the relative dates resolved as the issue lists them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDatePhrase } from '../../src/extraction/dates.js';
import { evaluate, type AnnotatedStatement } from '../../src/extraction/evaluate.js';
import { extractClaims, type KnownActor, type Suggestion } from '../../src/extraction/index.js';

interface SeedStatement extends AnnotatedStatement {
  said_on_text?: string | null;
  said_on_basis?: 'phrase' | 'same speaker earlier' | 'article context';
  quote: string;
}

const ROOT = join(import.meta.dirname, '../..');
const annotation = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/extraction/seed-article.annotation.json'), 'utf8')) as {
  text_file: string; published_at: string; statements: SeedStatement[];
};
const demo = JSON.parse(readFileSync(join(ROOT, 'src/demo/demo-data.json'), 'utf8')) as {
  actors: { key: string; name: string; kind: string; aliases: string[]; roles: { title: string; organization: string | null }[] }[];
};
const actors: KnownActor[] = demo.actors.map((a) => ({ id: a.key, name: a.name, kind: a.kind, aliases: a.aliases, roles: a.roles.map((r) => ({ title: r.title, organization: r.organization })) }));
const text = readFileSync(join(ROOT, annotation.text_file), 'utf8');
const found = extractClaims({ text, publishedAt: annotation.published_at, language: 'en', actors });
const result = evaluate(found, annotation.statements, actors);

// The relative dates of issue 7, as resolved against the publication date (Friday 2021-12-03).
const ISSUE_DATES: Record<string, string> = {
  'this Thursday': '2021-12-02', 'on Thursday': '2021-12-02', 'on Tuesday': '2021-11-30', 'on Friday': '2021-12-03',
  'this Wednesday': '2021-12-01', 'In 2008': '2008', 'at the beginning of November': '2021-11',
};

describe('the seed article against its annotation', () => {
  it('annotation spans frame their quotes (code points)', () => {
    const cps = [...text];
    for (const s of annotation.statements) expect(cps.slice(s.start, s.end).join('')).toBe(s.quote);
  });

  it('precision is at least 0.8', () => {
    expect(result.precision).toBeGreaterThanOrEqual(0.8);
  });

  it('recall is at least 0.8', () => {
    expect(result.recall).toBeGreaterThanOrEqual(0.8);
  });

  it('every offset the extractor gives frames its quote', () => {
    const cps = [...text];
    for (const s of found) expect(cps.slice(s.start, s.end).join('')).toBe(s.quote);
  });
});

describe('relative dates in the seed annotation', () => {
  const dated = annotation.statements.filter((s) => s.said_on_text);

  it('covers every phrase the issue lists', () => {
    expect(new Set(dated.map((s) => s.said_on_text))).toEqual(new Set(Object.keys(ISSUE_DATES)));
  });

  it.each(Object.entries(ISSUE_DATES))('"%s" resolves to %s', (phrase, value) => {
    expect(resolveDatePhrase(phrase, annotation.published_at)?.value).toBe(value);
    for (const s of dated.filter((d) => d.said_on_text === phrase)) expect(s.said_on).toBe(value);
  });

  const attached = annotation.statements.map((s, i) => [s, i] as const).filter(([s]) => s.said_on_basis === 'phrase' || s.said_on_basis === 'same speaker earlier');
  it.each(attached.map(([s, i]) => [s.said_on_text, s.said_on, s.quote.slice(0, 50), i] as const))('the extractor dates "%s" (%s): %s', (_phrase, value, _quote, i) => {
    const pair = result.pairs.find(([g]) => g === i);
    expect(pair).toBeDefined();
    const s = found[(pair as [number, number])[1]] as Suggestion;
    expect(s.said_on).toBe(value);
  });
});
