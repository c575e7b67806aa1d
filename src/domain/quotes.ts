// Quote integrity: find a quote in an article body, or check the offsets a client gave.
// Offsets count Unicode code points, so clients in any language compute the same numbers.

export interface QuoteSpan {
  start: number;
  end: number;
  /** The words exactly as printed in the body. */
  quote: string;
}

export type QuoteCheck =
  | { ok: true; span: QuoteSpan }
  | { ok: false; reason: 'not_found' | 'offsets_mismatch' | 'offsets_out_of_range'; detail: string };

const hasSurrogates = (s: string) => /[\uD800-\uDFFF]/.test(s);

/** Code-unit index -> code-point index. */
function toCodePoints(body: string, unit: number): number {
  return hasSurrogates(body) ? [...body.slice(0, unit)].length : unit;
}

/** Code-point index -> code-unit index (or -1 past the end). */
function toUnits(body: string, cp: number): number {
  if (!hasSurrogates(body)) return cp <= body.length ? cp : -1;
  let unit = 0;
  let count = 0;
  for (const ch of body) {
    if (count === cp) return unit;
    unit += ch.length;
    count += 1;
  }
  return count === cp ? unit : -1;
}

export function codePointLength(text: string): number {
  return hasSurrogates(text) ? [...text].length : text.length;
}

const TYPOGRAPHY: Record<string, string> = {
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u00AB': '"', '\u00BB': '"', '\u2033': '"',
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u2032': "'",
  '\u2013': '-', '\u2014': '-', '\u2212': '-',
};

/** Folds typographic quotes, dashes and runs of white space; keeps a map back to code units. */
function foldTypography(text: string): { folded: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  let lastWasSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      if (lastWasSpace) continue;
      lastWasSpace = true;
      folded += ' ';
    } else {
      lastWasSpace = false;
      folded += TYPOGRAPHY[ch] ?? ch;
    }
    map.push(i);
  }
  return { folded, map };
}

function spanFromUnits(body: string, startUnit: number, endUnit: number): QuoteSpan {
  return {
    start: toCodePoints(body, startUnit),
    end: toCodePoints(body, endUnit),
    quote: body.slice(startUnit, endUnit),
  };
}

/**
 * Locates `quote` in `body`. With offsets, checks that they frame the quote; without, finds the
 * first occurrence, exactly or else up to typographic quotes, dashes and spacing.
 */
export function locateQuote(body: string, quote: string, start?: number | null, end?: number | null): QuoteCheck {
  if (start != null) {
    const stop = end ?? start + codePointLength(quote);
    const a = toUnits(body, start);
    const b = toUnits(body, stop);
    if (a < 0 || b < 0 || stop < start) {
      return { ok: false, reason: 'offsets_out_of_range', detail: `offsets ${start}..${stop} fall outside the article body (${codePointLength(body)} characters)` };
    }
    const printed = body.slice(a, b);
    if (printed === quote || foldTypography(printed).folded === foldTypography(quote).folded) {
      return { ok: true, span: { start, end: stop, quote: printed } };
    }
    return { ok: false, reason: 'offsets_mismatch', detail: `the body at ${start}..${stop} reads "${printed.slice(0, 200)}", not the quote` };
  }
  const exact = body.indexOf(quote);
  if (exact >= 0 && quote.length > 0) return { ok: true, span: spanFromUnits(body, exact, exact + quote.length) };
  const b = foldTypography(body);
  const q = foldTypography(quote.trim()).folded;
  const at = q.length > 0 ? b.folded.indexOf(q) : -1;
  if (at >= 0) {
    const startUnit = b.map[at] as number;
    const endUnit = (b.map[at + q.length - 1] as number) + 1;
    return { ok: true, span: spanFromUnits(body, startUnit, endUnit) };
  }
  return { ok: false, reason: 'not_found', detail: `the quote "${quote.slice(0, 200)}" does not occur in the article body` };
}
