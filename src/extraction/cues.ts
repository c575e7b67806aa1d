// Reporting cues and the spans around them: where the speaker phrase and the reported content lie.
// Every function works on the masked text (quotes blanked), so words inside quotations never count.

import { isCapitalized, words, type Token } from './attribution.js';
import { ADVERBS, CONNECTIVES, NP_BOUNDARY, SPEAKING_NOUNS, TITLE_WORDS, VERBS, type VerbInfo } from './lexicon.js';
import type { QuoteSpan } from './quotes.js';
import type { Span } from './sentences.js';

export interface Cue extends Span {
  form: string;
  info: VerbInfo;
}

const MASK = '\u2591';
const SUBJECT_PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you', 'there', 'this', 'these', 'those']);
const AUX = new Set(['is', 'are', 'was', 'were', 'has', 'have', 'had', 'will', 'would', 'could', 'can', 'should', 'must', 'may', 'might', 'did', 'does', 'do', 'shall', 'remains', 'seems', 'needs', 'wants', 'plans', 'depends', 'means', 'makes']);
const IRREGULAR = new Set(['told', 'said', 'found', 'made', 'took', 'gave', 'went', 'came', 'saw', 'knew', 'thought', 'began', 'kept', 'left', 'held', 'brought', 'wrote', 'ran', 'met', 'paid', 'sent', 'built', 'lost', 'won', 'fell', 'stood', 'spoke', 'became', 'got', 'led', 'shot', 'hit', 'put', 'set', 'cut', 'struck', 'broke', 'drove', 'fought', 'sought', 'caught', 'taught', 'bought', 'felt', 'meant', 'heard', 'understood']);
const PREPOSITIONS = new Set(['in', 'on', 'at', 'to', 'for', 'from', 'by', 'with', 'about', 'during', 'after', 'before', 'of']);
const PASSIVE = new Set(['is', 'was', 'were', 'are', 'be', 'been', 'being', 'get', 'got']);
const NOUN_CONTEXT = new Set(['a', 'an', 'the', 'his', 'her', 'their', 'its', 'this', 'that', 'these', 'those', 'our', 'my', 'your', 'whose', 'no', 'any']);
/** Words that may stand between a cue and its content: an addressee, a venue, a date. */
const FRAME = new Set([
  'on', 'in', 'at', 'to', 'during', 'the', 'a', 'an', 'his', 'her', 'their', 'its', 'this', 'that', 'last', 'earlier',
  'later', 'also', 'again', 'statement', 'interview', 'conference', 'reporters', 'journalists', 'newspaper',
  'broadcaster', 'network', 'television', 'radio', 'press', 'briefing', 'speech', 'address', 'message', 'letter',
  'post', 'tweet', 'meeting', 'call', 'phone', 'telephone', 'context', 'news', 'media', 'lawmakers', 'parliament',
  'audience', 'crowd', 'supporters', 'told', 'written', 'video', 'televised', 'state', 'local', 'public', 'social',
  'daily', 'weekly', 'yesterday', 'today', 'tonight', 'morning', 'evening', 'afternoon', 'night', 'week', 'month',
  'year', 'separately', 'publicly', 'repeatedly', 'then', 'once', 'previously', 'recently', 'later', 'emphatically',
]);

export const isMasked = (c: string | undefined) => c === MASK;

export function isQuoteMark(c: string | undefined): boolean {
  return c !== undefined && /["\u201C\u201D\u201E\u00AB\u00BB\u2018\u2019']/.test(c);
}

/** Reporting verbs in masked[start, end), skipping passives ("is said") and nouns ("a report"). */
export function findCues(masked: string, start: number, end: number): Cue[] {
  const out: Cue[] = [];
  const toks = words(masked.slice(start, end), start);
  toks.forEach((t, i) => {
    const form = t.text.toLowerCase();
    const info = VERBS.get(form);
    // A capitalised form is a name ("Secretary of State"), not a verb.
    if (!info || /^\p{Lu}/u.test(t.text)) return;
    const before = toks[i - 1];
    // The previous word counts only when nothing but spaces separates it from the verb.
    const prev = before && /^\s*$/.test(masked.slice(before.end, t.start)) ? before.text.toLowerCase() : undefined;
    if (prev && (PASSIVE.has(prev) || NOUN_CONTEXT.has(prev))) return;
    if (prev === 'as' && form === 'saying') return;
    out.push({ start: t.start, end: t.end, form, info });
  });
  return out;
}

/** Tokens of masked[start, end): words, plus one token per quotation and per punctuation mark. */
export function tokens(masked: string, start: number, end: number, quotes: QuoteSpan[]): (Token & { quote?: QuoteSpan; punct?: boolean })[] {
  const out: (Token & { quote?: QuoteSpan; punct?: boolean })[] = [];
  for (let i = start; i < end;) {
    const c = masked[i] as string;
    const q = quotes.find((x) => x.open === i);
    if (q) {
      out.push({ text: masked.slice(q.open, q.close), start: q.open, end: q.close, quote: q });
      i = q.close;
      continue;
    }
    if (/\s/.test(c)) { i++; continue; }
    if (/[,.;:!?()]/.test(c)) { out.push({ text: c, start: i, end: i + 1, punct: true }); i++; continue; }
    const m = /^[\p{L}\p{N}][\p{L}\p{N}'’.-]*/u.exec(masked.slice(i, end));
    if (m) {
      const w = /^(?:\p{Lu}\.)+$/u.test(m[0]) ? m[0] : m[0].replace(/[.'’-]+$/, '');
      out.push({ text: w, start: i, end: i + w.length });
      i += Math.max(1, w.length);
      continue;
    }
    i++;
  }
  return out;
}

/** Whether masked[start, end) reads like a clause: a subject pronoun first, or a finite verb soon after. */
export function looksLikeClause(masked: string, start: number, end: number, quotes: QuoteSpan[]): boolean {
  const toks = tokens(masked, start, end, quotes).slice(0, 12);
  const first = toks[0];
  if (!first || first.punct) return false;
  if (first.quote) return true;
  const w0 = first.text.toLowerCase();
  if (SUBJECT_PRONOUNS.has(w0)) return true;
  if (PREPOSITIONS.has(w0) || VERBS.has(w0)) return false;
  for (const t of toks.slice(1, 9)) {
    if (t.punct && t.text !== '.') return false;
    if (t.punct) break;
    if (t.quote) return true;
    const w = t.text.toLowerCase();
    if (AUX.has(w) || IRREGULAR.has(w) || (/^[a-z]{3,}ed$/.test(w) && !TITLE_WORDS.has(w))) return true;
  }
  return false;
}

/** Strips adverbs, auxiliaries and weekday phrases from the end of masked[start, end). */
export function trimTrailing(masked: string, start: number, end: number): number {
  let e = end;
  for (;;) {
    const seg = masked.slice(start, e);
    const trimmed = seg.replace(/\s+$/, '');
    e = start + trimmed.length;
    const day = /(?:\b(?:on|this|last|earlier on|late on|early on)\s+)?\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today)$/i.exec(trimmed);
    if (day) { e = start + day.index; continue; }
    const w = /([\p{L}']+)$/u.exec(trimmed);
    if (w && ADVERBS.has((w[1] as string).toLowerCase())) { e = start + (w.index as number); continue; }
    return e;
  }
}

const isNameRun = (toks: Token[]) => toks.length > 0 && toks.length <= 7 && isCapitalized((toks[0] as Token).text)
  && isCapitalized((toks[toks.length - 1] as Token).text) && toks.every((t) => isCapitalized(t.text) || /^(of|for|and|de|du|la|van|von|der|bin|al)$/.test(t.text));

/**
 * The speaker phrase just before a cue: an appositive name ("The spokeswoman for ..., Maria Zajárova,"), a name
 * before a relative clause ("George Robertson, who spoke ...,"), or the noun phrase back to the nearest boundary.
 */
export function speakerSpanBefore(masked: string, sentenceStart: number, cueStart: number): Span | null {
  const e = trimTrailing(masked, sentenceStart, cueStart);
  if (e <= sentenceStart) return null;
  const seg = masked.slice(sentenceStart, e);
  if (seg.endsWith(',')) {
    const body = seg.slice(0, -1);
    const rel = /,\s*(?:who|which|whose)\b[^,]*$/.exec(body) ?? /,\s*(?:who|which|whose)\b.*$/.exec(body);
    if (rel) return speakerSpanBefore(masked, sentenceStart, sentenceStart + rel.index);
    const lastComma = body.lastIndexOf(',');
    const appStart = lastComma + 1;
    const app = words(body.slice(appStart), sentenceStart + appStart);
    if (isNameRun(app)) return { start: (app[0] as Token).start, end: (app[app.length - 1] as Token).end };
    // "Fyodor Lukianov, president of the Council ...,": the name before a description.
    if (lastComma > 0) {
      const prevComma = body.lastIndexOf(',', lastComma - 1);
      const prev = words(body.slice(prevComma + 1, lastComma), sentenceStart + prevComma + 1);
      const first = app[0]?.text.toLowerCase() ?? '';
      if (isNameRun(prev) && (TITLE_WORDS.has(first) || ['the', 'a', 'an'].includes(first))) {
        return { start: (prev[0] as Token).start, end: (prev[prev.length - 1] as Token).end };
      }
    }
    return null;
  }
  // Walk back to a boundary: punctuation, a quotation, a clause word or a preposition that ends the phrase.
  let s = e;
  let count = 0;
  for (let i = e - 1; i >= sentenceStart; i--) {
    const c = masked[i] as string;
    if (/[,;:()]/.test(c) || isQuoteMark(c) || isMasked(c)) break;
    if (/\s/.test(c)) continue;
    const w = /[\p{L}\p{N}'’.-]+$/u.exec(masked.slice(sentenceStart, i + 1));
    if (!w) break;
    const wordStart = sentenceStart + w.index;
    if (NP_BOUNDARY.has(w[0].toLowerCase()) || VERBS.has(w[0]) || ++count > 10) break;
    s = wordStart;
    i = wordStart;
  }
  return s < e ? { start: s, end: e } : null;
}

/** Skips leading connectives and a short fronted adverbial ("However,", "In turn,", "For his part,"). */
export function clauseStart(masked: string, start: number, end: number): number {
  let s = start;
  for (;;) {
    const rest = masked.slice(s, end);
    const lead = /^\s+/.exec(rest);
    if (lead) { s += lead[0].length; continue; }
    const w = /^([\p{L}]+)(,?)\s/u.exec(rest);
    if (w && CONNECTIVES.has((w[1] as string).toLowerCase())) { s += w[0].length; continue; }
    const adv = /^(?:in turn|for (?:his|her|their|its) part|in this context|at the same time|on the other hand|in addition|by contrast|in response),\s*/i.exec(rest);
    if (adv) { s += adv[0].length; continue; }
    return s;
  }
}

/** The subject of a sentence: its first name group or short noun phrase, for participles ("..., stressing that"). */
export function subjectSpan(masked: string, sentenceStart: number, limit: number): Span | null {
  const s = clauseStart(masked, sentenceStart, limit);
  const toks = words(masked.slice(s, limit), s);
  let i = 0;
  while (i < toks.length && (isCapitalized((toks[i] as Token).text) || (i > 0 && /^(of|for|and|the|de)$/.test((toks[i] as Token).text)))) i++;
  if (i === 0) {
    const k = toks.slice(0, 4).findIndex((t) => SPEAKING_NOUNS[t.text.toLowerCase()]);
    i = k >= 0 ? k + 1 : Math.min(2, toks.length);
  }
  const run = toks.slice(0, Math.max(1, i));
  return run.length > 0 ? { start: (run[0] as Token).start, end: (run[run.length - 1] as Token).end } : null;
}

export interface ContentStart {
  at: number;
  /** "that" introduced the content. */
  that: boolean;
  infinitive: boolean;
}

/** Where the content starts after a cue: after "that", at a quotation or colon, at an infinitive, or a bare clause. */
export function contentAfterCue(masked: string, cue: Cue, sentenceEnd: number, quotes: QuoteSpan[]): ContentStart | null {
  const toks = tokens(masked, cue.end, sentenceEnd, quotes);
  const first = toks[0];
  if (first && !first.punct && !first.quote && first.text.toLowerCase() === 'to' && cue.info.infinitive === 'to') {
    return { at: first.start, that: false, infinitive: true };
  }
  if (cue.info.infinitive === 'obj-to') {
    const to = toks.slice(1, 7).findIndex((t) => t.text.toLowerCase() === 'to');
    if (to >= 0 && toks.slice(0, to + 1).every((t) => !t.punct && !t.quote && t.text.toLowerCase() !== 'that')) {
      return { at: (first as Token).start, that: false, infinitive: true };
    }
  }
  for (let i = 0; i < Math.min(toks.length, 16); i++) {
    const t = toks[i] as (typeof toks)[number];
    if (t.quote) return { at: t.start, that: false, infinitive: false };
    if (t.punct) {
      if (t.text === ':') return toks[i + 1] ? { at: (toks[i + 1] as Token).start, that: false, infinitive: false } : null;
      if (t.text === ',') continue;
      break;
    }
    const w = t.text.toLowerCase();
    if (w === 'that') return toks[i + 1] ? { at: (toks[i + 1] as Token).start, that: true, infinitive: false } : null;
    if (!FRAME.has(w) && !isCapitalized(t.text)) break;
  }
  if (!cue.info.zeroThat) return null;
  const candidates = [cue.end];
  // After an addressee first: "told Trump the attack was", "told reporters he would".
  if (cue.info.addressee && first && !first.punct && !first.quote) {
    let k = 0;
    while (k < toks.length && !toks[k]?.punct && !toks[k]?.quote && isCapitalized((toks[k] as Token).text)) k++;
    if (k === 0 && ['reporters', 'journalists', 'lawmakers', 'parliament', 'supporters'].includes(first.text.toLowerCase())) k = 1;
    if (k > 0 && toks[k]) candidates.unshift((toks[k] as Token).start);
  }
  for (const at of candidates) {
    const skip = /^\s*,?\s*/.exec(masked.slice(at, sentenceEnd));
    const from = at + (skip ? skip[0].length : 0);
    if (looksLikeClause(masked, from, sentenceEnd, quotes)) return { at: from, that: false, infinitive: false };
  }
  return null;
}

/**
 * Points where a content stops because a new statement begins: ", and that" (same cue, new content), or a
 * coordinated cue (", and affirmed that", ", adding that", ", while reiterating that", " and promised to").
 */
export function splitPoints(masked: string, start: number, end: number): { at: number; resume: number | null }[] {
  const out: { at: number; resume: number | null }[] = [];
  const seg = masked.slice(start, end);
  for (const m of seg.matchAll(/\s*,?\s+and that\s+/g)) out.push({ at: start + m.index, resume: start + m.index + m[0].length });
  for (const m of seg.matchAll(/(?:\s*,\s*(?:and\s+|but\s+|while\s+)?|\s+(?:and|but|while)\s+)(?:also\s+|then\s+|later\s+)?([\p{L}]+)/gu)) {
    const verb = (m[1] as string).toLowerCase();
    if (!VERBS.has(verb)) continue;
    const isCoordinated = /\b(and|but|while)\b/.test(m[0]) || verb.endsWith('ing');
    if (isCoordinated) out.push({ at: start + m.index, resume: null });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Trims a content span: spaces, a trailing comma or period outside quotes, a dangling " ." */
export function trimSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] as string)) s++;
  for (;;) {
    while (e > s && /\s/.test(text[e - 1] as string)) e--;
    if (e > s && /[,;:.]/.test(text[e - 1] as string)) { e--; continue; }
    break;
  }
  return { start: s, end: e };
}
