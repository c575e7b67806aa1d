// Quotation spans and sentence splitting: every quote style, nesting, apostrophes, code-point offsets.
import { describe, expect, it } from 'vitest';
import { findQuotes } from '../../src/extraction/quotes.js';
import { codePointIndexer, segment } from '../../src/extraction/sentences.js';

const inner = (text: string) => findQuotes(text).map((q) => text.slice(q.innerStart, q.innerEnd));

describe('findQuotes: quote styles', () => {
  it.each([
    ['straight double quotes', 'He said "we will win" and left.', ['we will win'], 'straight'],
    ['curly double quotes', 'He said \u201Cwe will win\u201D and left.', ['we will win'], 'curly'],
    ['guillemets', 'Il a dit \u00AB nous gagnerons \u00BB hier.', [' nous gagnerons '], 'guillemet'],
    ['low-high German quotes', 'Er sagte \u201Ewir gewinnen\u201C gestern.', ['wir gewinnen'], 'low'],
    ['single quotes standing alone', 'He called it \u2018a farce\u2019 and left.', ['a farce'], 'single'],
    ['straight quotes paired in order', '"One," he said, "two."', ['One,', 'two.'], 'straight'],
  ])('%s', (_name, text, expected, style) => {
    expect(inner(text)).toEqual(expected);
    expect(findQuotes(text).every((q) => q.style === style)).toBe(true);
  });

  it.each([
    ['straight single inside double', 'NATO "began \'de facto\'" there.', 'de facto'],
    ['curly single inside curly double', '\u201CThey said \u2018never\u2019 again,\u201D she said.', 'never'],
  ])('nested single quotes: %s', (_name, text, nested) => {
    const [q] = findQuotes(text);
    expect(q?.nested.map((n) => text.slice(n.innerStart, n.innerEnd))).toEqual([nested]);
    expect(findQuotes(text)).toHaveLength(1);
  });

  it.each([
    ["Russia's neighbours and the victims' families"],
    ['Ukraine\u2019s entry, the allies\u2019 plans'],
    ["rock 'n' roll"],
  ])('apostrophes are not quotes: %s', (text) => {
    expect(findQuotes(text)).toEqual([]);
  });

  it('runs an unterminated quote to the end of the paragraph', () => {
    const text = '"We will go on, he said';
    expect(inner(text)).toEqual(['We will go on, he said']);
  });
});

describe('segment: sentences never break inside a quote', () => {
  const sentences = (text: string) => segment(text).flatMap((p) => p.sentences.map((s) => text.slice(s.start, s.end)));

  it.each([
    ['abbreviations', 'U.S. President Joe Biden spoke. Then he left.', ['U.S. President Joe Biden spoke.', 'Then he left.']],
    ['a quote with several sentences', '"What now? We wait. We see," he said. Then he left.', ['"What now? We wait. We see," he said.', 'Then he left.']],
    ['a quote ending the sentence', 'She said "it is over." Zakharova stressed it.', ['She said "it is over."', 'Zakharova stressed it.']],
    ['a period before a lower-case word', 'They deploy equipment. near the border.', ['They deploy equipment. near the border.']],
    ['paragraphs', 'First one.\nSecond one.', ['First one.', 'Second one.']],
  ])('%s', (_name, text, expected) => {
    expect(sentences(text)).toEqual(expected);
  });
});

describe('codePointIndexer', () => {
  it.each([
    ['BMP text is unchanged', 'caf\u00E9 said', 6, 6],
    ['an astral character counts once', '\u{1F600} said', 3, 2],
    ['after two astral characters', '\u{1F600}\u{1F600}x', 5, 3],
  ])('%s', (_name, text, unit, cp) => {
    expect(codePointIndexer(text)(unit)).toBe(cp);
  });
});
