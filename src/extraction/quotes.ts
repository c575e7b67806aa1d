// Quotation spans in a paragraph: straight and curly double quotes, « », „ “, and single quotes nested or alone.

export type QuoteStyle = 'straight' | 'curly' | 'guillemet' | 'low' | 'single';

export interface QuoteSpan {
  /** Code-unit index of the opening mark. */
  open: number;
  /** Code-unit index just past the closing mark (or the paragraph end when unterminated). */
  close: number;
  innerStart: number;
  innerEnd: number;
  style: QuoteStyle;
  /** Single-quoted spans inside this one ("began 'de facto'"). */
  nested: QuoteSpan[];
}

const isLetter = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

// Closing mark for each opening double mark.
const CLOSERS: Record<string, { close: string[]; style: QuoteStyle }> = {
  '"': { close: ['"'], style: 'straight' },
  '\u201C': { close: ['\u201D'], style: 'curly' },
  '\u00AB': { close: ['\u00BB'], style: 'guillemet' },
  '\u201E': { close: ['\u201C', '\u201D'], style: 'low' },
};

/** True when a single mark at i opens a quote: after space or punctuation, before a letter. */
function opensSingle(text: string, i: number): boolean {
  const prev = text[i - 1];
  return (isSpace(prev) || /["([\u201C\u00AB\u2014-]/.test(prev ?? '')) && isLetter(text[i + 1]);
}

/** True when a single mark at i closes a quote: not inside a word (so not an apostrophe in "Russia's"). */
function closesSingle(text: string, i: number): boolean {
  return !isLetter(text[i + 1]) && !isSpace(text[i - 1]);
}

/**
 * Finds quotations in text[from, to). Straight double quotes pair in order; curly and angled quotes pair by
 * direction. Single quotes are quotes inside a double quote, or on their own when they open after a space and
 * close before a non-letter. A quote still open at the end runs to the end (a quote continued in the next paragraph).
 */
export function findQuotes(text: string, from = 0, to = text.length): QuoteSpan[] {
  const out: QuoteSpan[] = [];
  let current: { at: number; closers: string[]; style: QuoteStyle; nested: QuoteSpan[] } | null = null;
  let single: number | null = null;
  for (let i = from; i < to; i++) {
    const c = text[i] as string;
    if (current) {
      if (current.closers.includes(c)) {
        out.push({ open: current.at, close: i + 1, innerStart: current.at + 1, innerEnd: i, style: current.style, nested: current.nested });
        current = null;
        single = null;
        continue;
      }
      if (c === "'" || c === '\u2018' || c === '\u2019') {
        if (single === null && c !== '\u2019' && opensSingle(text, i)) single = i;
        else if (single !== null && c !== '\u2018' && closesSingle(text, i)) {
          current.nested.push({ open: single, close: i + 1, innerStart: single + 1, innerEnd: i, style: 'single', nested: [] });
          single = null;
        }
      }
      continue;
    }
    const opener = CLOSERS[c];
    if (opener) {
      current = { at: i, closers: opener.close, style: opener.style, nested: [] };
      single = null;
      continue;
    }
    if (c === "'" || c === '\u2018' || c === '\u2019') {
      if (single === null && c !== '\u2019' && opensSingle(text, i)) single = i;
      else if (single !== null && c !== '\u2018' && closesSingle(text, i) && i - single > 2) {
        // At least two characters inside: "rock 'n' roll" holds elisions, not a quote.
        out.push({ open: single, close: i + 1, innerStart: single + 1, innerEnd: i, style: 'single', nested: [] });
        single = null;
      }
    }
  }
  if (current) out.push({ open: current.at, close: to, innerStart: current.at + 1, innerEnd: to, style: current.style, nested: current.nested });
  return out.sort((a, b) => a.open - b.open);
}

/** Replaces the inside of every quote with a neutral character, so word patterns never match quoted words. */
export function maskQuotes(text: string, quotes: QuoteSpan[]): string {
  const chars = text.split('');
  for (const q of quotes) for (let i = q.innerStart; i < q.innerEnd; i++) if (chars[i] !== '\n') chars[i] = '\u2591';
  return chars.join('');
}

/** The quote whose marks enclose position i, if any. */
export function quoteAt(quotes: QuoteSpan[], i: number): QuoteSpan | undefined {
  return quotes.find((q) => i >= q.open && i < q.close);
}
