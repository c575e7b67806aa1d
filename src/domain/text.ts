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

/** Escapes LIKE wildcards so user text matches literally (used with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
