// Text folding for lookups: case- and diacritic-insensitive, so "Zajárova" finds "zajarova".

// Latin letters that carry a stroke or ligature rather than a combining mark, so NFKD leaves them whole.
const LETTERS: Record<string, string> = {
  ł: 'l', ø: 'o', đ: 'd', ð: 'd', ħ: 'h', ı: 'i', ŧ: 't', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th',
};

/** Lower-cases, strips diacritics (including ł, ø, đ, ß…) and folds white space. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[łøđðħıŧßæœþ]/g, (c) => LETTERS[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The key two reports of one utterance share: folded (case, diacritics), with punctuation and
 * spacing folded, as Quotebank deduplicates quotations. "NATO, said he: 'No!'" -> "nato said he no".
 */
export function textKey(text: string): string {
  return fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Escapes LIKE wildcards so user text matches literally (used with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** BCP 47 conventional case (en, pt-BR, zh-Hant), so one language is one filter value. */
export function canonicalLanguage(tag: string): string {
  return tag.split('-').map((part, i) => {
    if (i === 0) return part.toLowerCase();
    if (part.length === 2) return part.toUpperCase();
    if (part.length === 4 && /^[a-zA-Z]+$/.test(part)) return part.charAt(0).toUpperCase() + part.slice(1).toLowerCase();
    return part.toLowerCase();
  }).join('-');
}
