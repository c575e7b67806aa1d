// Paragraph and sentence splitting that never breaks inside a quotation; offsets in code units and code points.

import { findQuotes, type QuoteSpan } from './quotes.js';

export interface Span {
  start: number;
  end: number;
}

export interface Sentence extends Span {
  index: number;
  paragraph: number;
}

export interface Paragraph extends Span {
  index: number;
  quotes: QuoteSpan[];
  sentences: Sentence[];
}

// Words that end with a period without ending a sentence.
const ABBREVIATION = /(?:^|[\s(])(?:(?:[A-Z]\.)*[A-Z]|Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof|Jr|Sr|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|Inc|Co|Corp|Ltd|vs|etc|approx)$/;
const OPENING = /["\u201C\u201E\u00AB\u2018'([]/;

/** Paragraphs are the runs of text between line breaks. */
export function splitParagraphs(text: string): Span[] {
  const out: Span[] = [];
  const re = /[^\n]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const lead = m[0].length - m[0].trimStart().length;
    const body = m[0].trim();
    if (body.length > 0) out.push({ start: m.index + lead, end: m.index + lead + body.length });
  }
  return out;
}

function startsSentence(text: string, j: number, end: number): boolean {
  let k = j;
  if (k >= end) return true;
  if (!/\s/.test(text[k] as string)) return false;
  while (k < end && /\s/.test(text[k] as string)) k++;
  if (k >= end) return true;
  const c = text[k] as string;
  return /[\p{Lu}\p{N}]/u.test(c) || OPENING.test(c);
}

/**
 * Splits a paragraph into sentences at . ! ? followed by a space and a capital, an opening quote or a digit,
 * skipping abbreviations ("U.S. President") and anything inside a quotation; a quotation that ends with . ! ?
 * ends the sentence too (`... in Europe." Zakharova stressed`).
 */
export function splitSentences(text: string, para: Span, quotes: QuoteSpan[]): Span[] {
  const cuts: number[] = [];
  const inside = (i: number) => quotes.some((q) => i > q.open && i < q.close - 1);
  for (let i = para.start; i < para.end; i++) {
    const c = text[i] as string;
    if (!/[.!?]/.test(c)) continue;
    const q = quotes.find((x) => i >= x.innerStart && i < x.innerEnd);
    if (q) {
      // A sentence end inside a quote counts only when the quote closes right after it.
      if (i === q.innerEnd - 1 && q.close <= para.end && startsSentence(text, q.close, para.end)) cuts.push(q.close);
      continue;
    }
    if (inside(i)) continue;
    if (c === '.' && ABBREVIATION.test(text.slice(Math.max(para.start, i - 12), i))) continue;
    let j = i + 1;
    while (j < para.end && /[.!?)\]]/.test(text[j] as string)) j++;
    if (startsSentence(text, j, para.end)) cuts.push(j);
  }
  const out: Span[] = [];
  let from = para.start;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b).concat(para.end)) {
    if (cut <= from) continue;
    const raw = text.slice(from, cut);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (/[\p{L}\p{N}]/u.test(body)) out.push({ start: from + lead, end: from + lead + body.length });
    from = cut;
  }
  return out;
}

/** Paragraphs with their quotes and sentences, numbered in document order. */
export function segment(text: string): Paragraph[] {
  let sentenceIndex = 0;
  return splitParagraphs(text).map((span, index) => {
    const quotes = findQuotes(text, span.start, span.end);
    const sentences = splitSentences(text, span, quotes).map((s) => ({ ...s, index: sentenceIndex++, paragraph: index }));
    return { ...span, index, quotes, sentences };
  });
}

const hasSurrogates = (s: string) => /[\uD800-\uDFFF]/.test(s);

/** Converts code-unit offsets to code-point offsets (the unit of every offset the API returns). */
export function codePointIndexer(text: string): (unit: number) => number {
  if (!hasSurrogates(text)) return (unit) => unit;
  const table = new Int32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    table[i] = cp;
    const code = text.charCodeAt(i);
    if (!(code >= 0xdc00 && code <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff)) cp++;
  }
  table[text.length] = cp;
  return (unit) => table[Math.max(0, Math.min(unit, text.length))] as number;
}
