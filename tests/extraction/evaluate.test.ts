// The extraction scorer: matching by speaker and overlapping span, one-to-one; speaker and said_on accuracy.
import { describe, expect, it } from 'vitest';
import { combine, evaluate, sameSpeaker, type AnnotatedStatement } from '../../src/extraction/evaluate.js';
import type { KnownActor, Suggestion } from '../../src/extraction/index.js';

const suggestion = (name: string, start: number, end: number, over: Partial<Suggestion> = {}): Suggestion => ({
  speaker: { actor_id: null, name, kind: 'person', mention: name, mention_start: 0, mention_end: 0 },
  text: '', kind: 'indirect_quote', quote: '', start, end, cue: 'said', said_on: null, said_on_precision: null,
  said_on_text: null, confidence: 0.8, ...over,
});
const statement = (speaker: string, start: number, end: number, over: Partial<AnnotatedStatement> = {}): AnnotatedStatement => ({
  speaker, start, end, cue: 'said', said_on: null, ...over,
});
const ACTORS: KnownActor[] = [{ id: 'zakharova', name: 'Maria Zakharova', kind: 'person', aliases: ['Zajárova'], roles: [] }];

describe('sameSpeaker', () => {
  it.each([
    ['the same name', statement('Maria Lopez', 0, 1), suggestion('Maria Lopez', 0, 1), true],
    ['case and diacritics folded', statement('Société Nationale', 0, 1), suggestion('societe nationale', 0, 1), true],
    ['a leading article', statement('government', 0, 1), suggestion('the government', 0, 1), true],
    ['an annotated alias', statement('Turkey', 0, 1, { speaker_aliases: ['Turkish government'] }), suggestion('Turkish Government', 0, 1), true],
    ['a known actor\'s alias', statement('Maria Zakharova', 0, 1), suggestion('ZAJAROVA', 0, 1), true],
    ['the actor id of the suggestion', statement('Zajárova', 0, 1), suggestion('someone', 0, 1, { speaker: { actor_id: 'zakharova', name: 'x', kind: 'person', mention: 'she', mention_start: 0, mention_end: 0 } }), true],
    ['another speaker', statement('Maria Lopez', 0, 1), suggestion('Hugo Ruiz', 0, 1), false],
  ])('%s', (_name, g, s, expected) => {
    expect(sameSpeaker(g, s, ACTORS)).toBe(expected);
  });
});

describe('evaluate', () => {
  const gold = [statement('A', 0, 10, { said_on: '2021-12-02' }), statement('B', 20, 30), statement('C', 40, 50)];

  it.each([
    ['everything found', [suggestion('A', 2, 8, { said_on: '2021-12-02' }), suggestion('B', 20, 30), suggestion('C', 45, 60)], { matched: 3, precision: 1, recall: 1, f1: 1, speaker_accuracy: 1, said_on_accuracy: 1 }],
    ['one missed, one spurious', [suggestion('A', 0, 10, { said_on: '2021-12-02' }), suggestion('B', 20, 30), suggestion('D', 60, 70)], { matched: 2, precision: 2 / 3, recall: 2 / 3, span_matched: 2 }],
    ['a wrong speaker on a right span', [suggestion('A', 0, 10, { said_on: '2021-12-02' }), suggestion('X', 20, 30), suggestion('C', 40, 50)], { matched: 2, span_matched: 3, speaker_accuracy: 2 / 3 }],
    ['a wrong date', [suggestion('A', 0, 10, { said_on: '2021-12-03' }), suggestion('B', 20, 30), suggestion('C', 40, 50)], { matched: 3, said_on_accuracy: 2 / 3 }],
    ['no overlap, no match', [suggestion('A', 10, 20)], { matched: 0, precision: 0, recall: 0, f1: 0 }],
    ['nothing found', [], { matched: 0, precision: 0, recall: 0 }],
  ])('%s', (_name, found, expected) => {
    expect(evaluate(found, gold)).toMatchObject(expected);
  });

  it('matches one suggestion to one statement, the largest overlap first', () => {
    const result = evaluate([suggestion('A', 0, 5), suggestion('A', 0, 10)], [statement('A', 0, 10)]);
    expect(result.pairs).toEqual([[0, 1]]);
    expect(result.spurious).toEqual([0]);
    expect(result.precision).toBe(0.5);
  });

  it('lets one content with two speakers match two suggestions', () => {
    const result = evaluate([suggestion('A', 0, 10), suggestion('B', 0, 10)], [statement('A', 0, 10), statement('B', 0, 10)]);
    expect(result.matched).toBe(2);
  });

  it('combines articles by summing counts (micro average)', () => {
    const a = evaluate([suggestion('A', 0, 10)], [statement('A', 0, 10)]);
    const b = evaluate([suggestion('X', 0, 10)], [statement('B', 0, 10), statement('C', 20, 30)]);
    expect(combine([a, b])).toMatchObject({ gold: 3, suggested: 2, matched: 1, precision: 0.5, recall: 1 / 3, span_matched: 2, speaker_correct: 1 });
  });
});
