// Properties over arbitrary text: the extractor never throws, and every offset it gives frames its quote.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractClaims } from '../../src/extraction/index.js';

const piece = fc.constantFrom(
  'Maria Lopez', 'said', 'told', 'that', 'according to', ', ', '. ', '"', '\u201C', '\u201D', '\u00AB', '\u00BB', "'", 'he',
  'Moscow', 'on Thursday', 'In 2008', '\n', 'the president', 'stressed', 'the border would stay closed', '\u{1F600}', 'and',
);

describe('extractClaims on arbitrary text', () => {
  it('never throws and frames every quote and mention by code points', () => {
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }).map((xs) => xs.join(' ')), (text) => {
      const cps = [...text];
      for (const s of extractClaims({ text, publishedAt: '2021-12-03', actors: [] })) {
        expect(cps.slice(s.start, s.end).join('')).toBe(s.quote);
        expect(cps.slice(s.speaker.mention_start, s.speaker.mention_end).join('')).toBe(s.speaker.mention);
        expect(s.confidence).toBeGreaterThan(0);
        expect(s.confidence).toBeLessThanOrEqual(1);
      }
    }), { numRuns: 300, seed: 7 });
  });

  it.each([[''], ['\n\n'], ['"'], ['said.'], ['"unterminated quote said Maria Lopez']])('handles %j', (text) => {
    expect(() => extractClaims({ text, publishedAt: null, actors: [] })).not.toThrow();
  });
});
