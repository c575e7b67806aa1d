// Scoring extracted claims against hand annotation: precision, recall, F1, speaker and said_on accuracy.

import { sameName, type KnownActor } from './attribution.js';
import type { Suggestion } from './index.js';

export interface AnnotatedStatement {
  speaker: string;
  speaker_aliases?: string[];
  /** Code-point offsets of the content in the article text. */
  start: number;
  end: number;
  cue: string | null;
  said_on: string | null;
}

export interface Score {
  gold: number;
  suggested: number;
  /** Pairs with the same speaker and overlapping spans (one suggestion per statement). */
  matched: number;
  precision: number;
  recall: number;
  f1: number;
  /** Pairs with overlapping spans, whatever the speaker. */
  span_matched: number;
  speaker_correct: number;
  speaker_accuracy: number;
  said_on_correct: number;
  said_on_accuracy: number;
}

export interface Evaluation extends Score {
  /** Index pairs [statement, suggestion] of the matched pairs. */
  pairs: [number, number][];
  missed: number[];
  spurious: number[];
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) => Math.min(a.end, b.end) - Math.max(a.start, b.start);
const ratio = (n: number, d: number) => (d === 0 ? 0 : n / d);

function namesOf(names: string[], actors: KnownActor[], actorId?: string | null): string[] {
  const out = [...names];
  for (const a of actors) {
    if (a.id === actorId || names.some((n) => sameName(n, a.name) || a.aliases.some((al) => sameName(n, al)))) out.push(a.name, ...a.aliases);
  }
  return out;
}

/** Whether a suggestion's speaker is the annotated one: same name or alias, case and diacritics folded. */
export function sameSpeaker(statement: AnnotatedStatement, suggestion: Suggestion, actors: KnownActor[] = []): boolean {
  const gold = namesOf([statement.speaker, ...(statement.speaker_aliases ?? [])], actors);
  const found = namesOf([suggestion.speaker.name, suggestion.speaker.mention], actors, suggestion.speaker.actor_id);
  return gold.some((g) => found.some((f) => sameName(g, f)));
}

/** One-to-one pairs, largest overlap first, among the pairs `ok` accepts. */
function greedy(gold: AnnotatedStatement[], found: Suggestion[], ok: (g: AnnotatedStatement, s: Suggestion) => boolean): [number, number][] {
  const candidates: [number, number, number][] = [];
  gold.forEach((g, i) => found.forEach((s, j) => {
    const o = overlap(g, s);
    if (o > 0 && ok(g, s)) candidates.push([i, j, o]);
  }));
  candidates.sort((a, b) => b[2] - a[2] || a[0] - b[0] || a[1] - b[1]);
  const usedG = new Set<number>();
  const usedS = new Set<number>();
  const pairs: [number, number][] = [];
  for (const [i, j] of candidates) {
    if (usedG.has(i) || usedS.has(j)) continue;
    usedG.add(i);
    usedS.add(j);
    pairs.push([i, j]);
  }
  return pairs.sort((a, b) => a[0] - b[0]);
}

/**
 * Scores suggestions against annotated statements: a suggestion matches a statement when the speaker is the same
 * (name or alias, folded) and the spans overlap. Speaker accuracy is over pairs matched by span alone; said_on
 * accuracy is over matched pairs (both null counts as correct).
 */
export function evaluate(found: Suggestion[], gold: AnnotatedStatement[], actors: KnownActor[] = []): Evaluation {
  const pairs = greedy(gold, found, (g, s) => sameSpeaker(g, s, actors));
  const spanPairs = greedy(gold, found, () => true);
  const speakerCorrect = spanPairs.filter(([i, j]) => sameSpeaker(gold[i] as AnnotatedStatement, found[j] as Suggestion, actors)).length;
  const saidOnCorrect = pairs.filter(([i, j]) => (gold[i] as AnnotatedStatement).said_on === (found[j] as Suggestion).said_on).length;
  const precision = ratio(pairs.length, found.length);
  const recall = ratio(pairs.length, gold.length);
  return {
    gold: gold.length,
    suggested: found.length,
    matched: pairs.length,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    span_matched: spanPairs.length,
    speaker_correct: speakerCorrect,
    speaker_accuracy: ratio(speakerCorrect, spanPairs.length),
    said_on_correct: saidOnCorrect,
    said_on_accuracy: ratio(saidOnCorrect, pairs.length),
    pairs,
    missed: gold.map((_, i) => i).filter((i) => !pairs.some(([g]) => g === i)),
    spurious: found.map((_, j) => j).filter((j) => !pairs.some(([, s]) => s === j)),
  };
}

/** Micro-averaged score over several articles. */
export function combine(scores: Score[]): Score {
  const sum = (k: keyof Score) => scores.reduce((n, s) => n + s[k], 0);
  const gold = sum('gold');
  const suggested = sum('suggested');
  const matched = sum('matched');
  const precision = ratio(matched, suggested);
  const recall = ratio(matched, gold);
  return {
    gold, suggested, matched, precision, recall,
    f1: ratio(2 * precision * recall, precision + recall),
    span_matched: sum('span_matched'),
    speaker_correct: sum('speaker_correct'),
    speaker_accuracy: ratio(sum('speaker_correct'), sum('span_matched')),
    said_on_correct: sum('said_on_correct'),
    said_on_accuracy: ratio(sum('said_on_correct'), matched),
  };
}
