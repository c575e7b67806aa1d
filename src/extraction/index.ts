// Claim extraction: who said what, and when, suggested from an article's text. Pure: text in, suggestions out.

import { Attributor, words, type KnownActor, type SpeakerRef } from './attribution.js';
import {
  clauseStart, contentAfterCue, findCues, isQuoteMark, speakerSpanBefore, splitPoints, subjectSpan, tokens, trimSpan,
  trimTrailing, type Cue,
} from './cues.js';
import { findDatePhrases, type DatePrecision } from './dates.js';
import { maskQuotes, type QuoteSpan } from './quotes.js';
import { codePointIndexer, segment, type Paragraph, type Sentence, type Span } from './sentences.js';

export type { KnownActor } from './attribution.js';

export type SuggestionKind = 'direct_quote' | 'indirect_quote' | 'paraphrase';

export interface Suggestion {
  /** The speaker as attributed (kind: the actor's, or the one proposed for a new actor), with code-point offsets. */
  speaker: Pick<SpeakerRef, 'actor_id' | 'name' | 'kind' | 'mention' | 'mention_start' | 'mention_end'>;
  /** The content: verbatim for direct quotes, the reported clause otherwise. */
  text: string;
  kind: SuggestionKind;
  quote: string;
  /** Code-point offsets of `quote` in the text. */
  start: number;
  end: number;
  cue: string | null;
  said_on: string | null;
  said_on_precision: DatePrecision | null;
  said_on_text: string | null;
  confidence: number;
}

export interface ExtractionInput {
  text: string;
  /** YYYY-MM-DD or an ISO date-time; relative dates resolve against it. */
  publishedAt: string | null;
  language?: string;
  actors: KnownActor[];
}

type Construction = 'speaker-cue-content' | 'content-cue-speaker' | 'source-phrase' | 'quoted-as-saying' | 'continuation';

interface Draft {
  speaker: SpeakerRef;
  cue: Span | null;
  parts: Span[];
  kind: SuggestionKind;
  construction: Construction;
  sentence: Sentence;
  said?: { value: string; precision: DatePrecision; text: string } | null;
}

const BASE_CONFIDENCE: Record<Construction, number> = {
  'speaker-cue-content': 0.8, 'content-cue-speaker': 0.8, 'source-phrase': 0.7, 'quoted-as-saying': 0.75, continuation: 0.5,
};
const VIA_FACTOR: Record<SpeakerRef['via'], number> = {
  name: 1, alias: 1, role: 0.9, place: 0.9, description: 0.9, pronoun: 0.85, new: 0.9,
};

const SOURCE_FRONT = /^(according to|in the opinion of|in the words of|in the view of)\s+/i;
const SOURCE_TRAILING = /,\s*(according to)\s+([^,;]+?)\s*[.!?]?\s*$/i;
const POSSESSIVE_SOURCE = /^(his|her|their|its)\s+(words|view|opinion|statement|account|assessment)$/i;
const ISSUED_BY = /\b(?:statement|report|communiqu[eé]|release|study|survey|letter)\s+(?:from|by|issued by)\s+/i;

class Extractor {
  private readonly masked: string;
  private readonly attributor: Attributor;
  private readonly drafts: Draft[] = [];
  private paragraphs: Paragraph[] = [];

  constructor(private readonly text: string, private readonly publishedAt: string | null, actors: KnownActor[]) {
    this.paragraphs = segment(text);
    this.masked = maskQuotes(text, this.paragraphs.flatMap((p) => p.quotes));
    this.attributor = new Attributor(text, actors);
  }

  private quotesOf(s: Sentence): QuoteSpan[] {
    return (this.paragraphs[s.paragraph] as Paragraph).quotes.filter((q) => q.open >= s.start && q.open < s.end);
  }

  /** Resolves a speaker phrase, looking through "a statement from X" to X. */
  private speaker(span: Span | null): SpeakerRef | null {
    if (!span) return null;
    const phrase = this.masked.slice(span.start, span.end);
    const issued = ISSUED_BY.exec(phrase);
    if (issued) return this.attributor.resolve(span.start + issued.index + issued[0].length, span.end);
    const poss = POSSESSIVE_SOURCE.exec(phrase.trim());
    if (poss) {
      const at = span.start + phrase.indexOf(poss[1] as string);
      return this.attributor.resolvePronoun(at, at + (poss[1] as string).length);
    }
    return this.attributor.resolve(span.start, span.end);
  }

  /** Content parts of masked[start, end): the quotation alone when the content is one, else the trimmed span. */
  private contentParts(start: number, end: number, quotes: QuoteSpan[]): { parts: Span[]; direct: boolean } {
    const span = trimSpan(this.text, start, end);
    const inside = quotes.filter((q) => q.open >= span.start && q.close <= span.end + 1);
    const outside = this.masked.slice(span.start, span.end).split('').filter((c, i) => {
      const at = span.start + i;
      return !inside.some((q) => at >= q.open && at < q.close);
    }).join('');
    if (inside.length > 0 && !/[\p{L}\p{N}]/u.test(outside)) {
      return { parts: inside.map((q) => trimSpan(this.text, q.innerStart, q.innerEnd)), direct: true };
    }
    return { parts: [span], direct: false };
  }

  private add(draft: Omit<Draft, 'sentence'>, sentence: Sentence): void {
    if (draft.parts.length === 0) return;
    const words = this.text.slice((draft.parts[0] as Span).start, (draft.parts[draft.parts.length - 1] as Span).end).match(/[\p{L}\p{N}]+/gu) ?? [];
    if (words.length < 2) return;
    this.drafts.push({ ...draft, sentence });
    this.attributor.remember(draft.speaker);
  }

  private claimed(s: Sentence): Span[] {
    return this.drafts.filter((d) => d.sentence.index === s.index).flatMap((d) => d.parts.length > 0
      ? [{ start: (d.parts[0] as Span).start, end: (d.parts[d.parts.length - 1] as Span).end }] : []);
  }

  private lastSpeakerIn(s: Sentence): SpeakerRef | null {
    const mine = this.drafts.filter((d) => d.sentence.index === s.index);
    return mine.length > 0 ? (mine[mine.length - 1] as Draft).speaker : null;
  }

  /** "According to X, ...", "..., according to X.", "reports ... according to which ...", "In the opinion of X, ...". */
  private sourcePhrases(s: Sentence, quotes: QuoteSpan[]): void {
    const from = clauseStart(this.masked, s.start, s.end);
    const seg = this.masked.slice(from, s.end);
    const front = SOURCE_FRONT.exec(seg);
    if (front) {
      const npStart = from + front[0].length;
      const comma = this.masked.indexOf(',', npStart);
      if (comma > npStart && comma < s.end) {
        let contentStart = comma + 1;
        const np = words(this.masked.slice(npStart, comma), npStart);
        const next = this.masked.indexOf(',', comma + 1);
        // "In the opinion of Fyodor Lukianov, president of the Council ..., the situation ...": skip the description.
        if (np.length > 0 && /^\p{Lu}/u.test((np[np.length - 1] as { text: string }).text) && next > 0 && next < s.end) {
          const desc = this.masked.slice(comma + 1, next).trim();
          if (/^(president|head|chair|director|leader|editor|spokes|minister|member|professor|the |an? |former|chief)/i.test(desc) && desc.split(/\s+/).length <= 14) contentStart = next + 1;
        }
        const speaker = this.speaker({ start: npStart, end: comma });
        if (speaker) {
          const { parts } = this.contentParts(contentStart, s.end, quotes);
          this.add({ speaker, cue: { start: from, end: from + (front[1] as string).length }, parts, kind: 'paraphrase', construction: 'source-phrase' }, s);
        }
      }
      return;
    }
    const trailing = SOURCE_TRAILING.exec(seg);
    if (trailing) {
      const cueStart = from + trailing.index + trailing[0].indexOf(trailing[1] as string);
      const npStart = cueStart + (trailing[1] as string).length + 1;
      const speaker = this.speaker({ start: npStart, end: npStart + (trailing[2] as string).length });
      if (speaker) {
        const { parts } = this.contentParts(from, from + trailing.index, quotes);
        this.add({ speaker, cue: { start: cueStart, end: cueStart + (trailing[1] as string).length }, parts, kind: 'paraphrase', construction: 'source-phrase' }, s);
      }
      return;
    }
    const which = /\baccording to which\s+/i.exec(seg);
    if (which) {
      const at = from + which.index;
      const speaker = this.speaker(speakerSpanBefore(this.masked, s.start, at));
      if (speaker) {
        const { parts } = this.contentParts(at + which[0].length, s.end, quotes);
        this.add({ speaker, cue: { start: at, end: at + 'according to'.length }, parts, kind: 'paraphrase', construction: 'source-phrase' }, s);
      }
    }
  }

  /** "The BBC quoted one merchant as saying ...". */
  private quotedAsSaying(s: Sentence, quotes: QuoteSpan[]): void {
    const seg = this.masked.slice(s.start, s.end);
    const m = /\bquoted\s+(.{1,80}?)\s+as\s+saying\s+(?:that\s+)?/.exec(seg);
    if (!m) return;
    const npStart = s.start + m.index + m[0].indexOf(m[1] as string);
    const speaker = this.speaker({ start: npStart, end: npStart + (m[1] as string).length });
    if (!speaker) return;
    const { parts, direct } = this.contentParts(s.start + m.index + m[0].length, s.end, quotes);
    const cueStart = s.start + m.index;
    this.add({ speaker, cue: { start: cueStart, end: cueStart + m[0].trimEnd().replace(/\s+that$/, '').length }, parts, kind: direct ? 'direct_quote' : 'indirect_quote', construction: 'quoted-as-saying' }, s);
  }

  /** The end of the content that starts at `from`: the sentence end or the next split point. */
  private contentEnd(from: number, s: Sentence): { end: number; resume: number | null } {
    const split = splitPoints(this.masked, from, s.end).find((p) => p.at > from);
    return split ? { end: split.at, resume: split.resume } : { end: s.end, resume: null };
  }

  /** Content before the cue ("..., said investigators" / "\"...,\" he said"): speaker after the content. */
  private contentCueSpeaker(s: Sentence, cue: Cue, quotes: QuoteSpan[]): boolean {
    const m = this.masked;
    const left = m.slice(s.start, cue.start);
    const leftTrim = left.replace(/\s+$/, '');
    const closes = quotes.filter((q) => q.close <= cue.start).map((q) => q.close);
    const lastComma = leftTrim.lastIndexOf(',');
    const boundary = Math.max(lastComma >= 0 ? s.start + lastComma + 1 : -1, ...closes.filter((c) => c > s.start));
    if (boundary <= s.start) return false;
    const contentSpan: Span = { start: clauseStart(m, s.start, boundary), end: boundary };
    if (!/[\p{L}\p{N}\u2591]/u.test(m.slice(contentSpan.start, contentSpan.end))) return false;
    let speakerSpan: Span;
    let chunkEnd: number;
    const between = m.slice(boundary, cue.start).trim();
    if (between === '' || between === ',') {
      // "..., said investigators," / "\"...,\" said the president."
      const after = m.slice(cue.end, s.end);
      const stop = /[,.;!?]|$/.exec(after) as RegExpExecArray;
      const np = after.slice(0, stop.index);
      if (/\bthat\b/i.test(np) || np.split(/\s+/).filter(Boolean).length > 8 || np.trim() === '' || isQuoteMark(np.trim()[0])) return false;
      const npStart = cue.end + (np.length - np.trimStart().length);
      speakerSpan = { start: npStart, end: trimTrailing(m, npStart, cue.end + np.trimEnd().length) };
      chunkEnd = cue.end + stop.index;
    } else {
      // "..., President Recep Tayyip Erdogan said Sunday." / "\"...,\" Gabuyev says, adding ..."
      if (between.split(/\s+/).length > 8) return false;
      const after = m.slice(cue.end, s.end);
      const stop = /[,.;!?]|$/.exec(after) as RegExpExecArray;
      const rest = after.slice(0, stop.index).trim();
      if (/\bthat\b|["\u201C\u00AB\u2591]/.test(rest) || rest.split(/\s+/).filter(Boolean).length > 4) return false;
      if (rest !== '' && !/^(?:on |this |last |earlier |late |in (?:a|an|the) |to |at )?[\p{L}\s]*$/u.test(rest)) return false;
      const e = trimTrailing(m, boundary, cue.start);
      speakerSpan = { start: boundary + (m.slice(boundary, e).length - m.slice(boundary, e).trimStart().length), end: e };
      chunkEnd = cue.end + stop.index;
    }
    const speaker = this.speaker(speakerSpan);
    if (!speaker) return false;
    const { parts, direct } = this.contentParts(contentSpan.start, contentSpan.end, quotes);
    // Continuations: a split quote (", \"part two\"") or the rest of a split clause (", and a claim ...").
    const tail = m.slice(chunkEnd, s.end);
    const split = /^[,:]\s*/.exec(tail);
    let allDirect = direct;
    if (split) {
      const restStart = chunkEnd + split[0].length;
      const q = quotes.find((x) => x.open === restStart);
      const conj = /^(and|but)\s+([\p{L}]+)/u.exec(m.slice(restStart, s.end));
      if (q && direct) parts.push(trimSpan(this.text, q.innerStart, q.innerEnd));
      else if (conj && !findCues(m, restStart, restStart + conj[0].length).length) {
        parts.push(trimSpan(this.text, restStart, s.end));
        allDirect = false;
      }
    }
    this.add({ speaker, cue, parts, kind: allDirect ? 'direct_quote' : 'indirect_quote', construction: 'content-cue-speaker' }, s);
    return true;
  }

  /** Speaker before the cue, content after ("Lavrov said on Thursday that ...", "..., stressing that ..."). */
  private speakerCueContent(s: Sentence, cue: Cue, quotes: QuoteSpan[]): void {
    const m = this.masked;
    const left = m.slice(s.start, trimTrailing(m, s.start, cue.start));
    // "..., stressing that", "while reiterating that", "other than saying", "and affirmed that": the subject is shared.
    const coordinated = (cue.form.endsWith('ing') && /(?:,|\b(?:while|and|but|after|before|by|than|of|without|when))\s*$/i.test(left))
      || /\b(and|but)\s*$/i.test(left);
    let speaker: SpeakerRef | null;
    if (coordinated) {
      const last = this.lastSpeakerIn(s);
      speaker = last ? { ...last } : this.speaker(subjectSpan(m, s.start, cue.start));
    } else {
      speaker = this.speaker(speakerSpanBefore(m, s.start, cue.start));
    }
    if (!speaker) return;
    const start = contentAfterCue(m, cue, s.end, quotes);
    if (!start) return;
    let from = start.at;
    for (;;) {
      const { end, resume } = this.contentEnd(from, s);
      const { parts, direct } = this.contentParts(from, end, quotes);
      const kind: SuggestionKind = start.infinitive ? 'paraphrase' : direct && !start.that ? 'direct_quote' : 'indirect_quote';
      this.add({ speaker, cue, parts, kind, construction: 'speaker-cue-content' }, s);
      if (resume === null) break;
      from = resume;
    }
  }

  private sentence(s: Sentence, paragraph: Paragraph): void {
    const quotes = this.quotesOf(s);
    this.sourcePhrases(s, quotes);
    this.quotedAsSaying(s, quotes);
    for (const cue of findCues(this.masked, s.start, s.end)) {
      if (this.claimed(s).some((c) => cue.start >= c.start && cue.start < c.end)) continue;
      if (this.drafts.some((d) => d.sentence.index === s.index && d.cue && d.cue.start <= cue.start && d.cue.end >= cue.end)) continue;
      if (!this.contentCueSpeaker(s, cue, quotes)) this.speakerCueContent(s, cue, quotes);
    }
    // A quotation standing alone after a statement in the same paragraph continues that statement.
    const mine = this.drafts.filter((d) => d.sentence.index === s.index);
    if (mine.length === 0 && paragraph.sentences.length > 1) {
      const toks = tokens(this.masked, s.start, s.end, quotes).filter((t) => !t.punct);
      const prev = [...this.drafts].reverse().find((d) => d.sentence.paragraph === s.paragraph);
      if (toks.length === 1 && toks[0]?.quote && prev) {
        const q = toks[0].quote;
        this.add({ speaker: { ...prev.speaker }, cue: null, parts: [trimSpan(this.text, q.innerStart, q.innerEnd)], kind: 'direct_quote', construction: 'continuation' }, s);
      }
    }
  }

  /** Date phrases in the sentence outside any content, nearest to the cue; else the same speaker's date before. */
  private dates(): void {
    const same = (a: SpeakerRef, b: SpeakerRef) => (a.actor_id !== null && a.actor_id === b.actor_id) || (a.actor_id === null && b.actor_id === null && a.name === b.name);
    this.drafts.forEach((d, i) => {
      const s = d.sentence;
      const chars = this.masked.slice(s.start, s.end).split('');
      for (const other of this.drafts.filter((o) => o.sentence.index === s.index)) {
        for (const p of other.parts) for (let k = p.start; k < p.end; k++) chars[k - s.start] = ' ';
      }
      const phrases = findDatePhrases(chars.join(''), this.publishedAt);
      const anchor = (d.cue?.start ?? (d.parts[0] as Span).start) - s.start;
      const best = phrases.sort((a, b) => Math.abs(a.start - anchor) - Math.abs(b.start - anchor))[0];
      if (best) {
        d.said = { value: best.value, precision: best.precision, text: best.text };
        return;
      }
      // Same speaker, earlier in the paragraph or at the end of the paragraph before: the same occasion.
      const prev = this.drafts[i - 1];
      const sameParagraph = [...this.drafts.slice(0, i)].reverse().find((o) => o.sentence.paragraph === s.paragraph && same(o.speaker, d.speaker));
      const source = sameParagraph ?? (prev && prev.sentence.paragraph === s.paragraph - 1 && same(prev.speaker, d.speaker) ? prev : undefined);
      d.said = source?.said ?? null;
    });
  }

  run(): Suggestion[] {
    for (const p of this.paragraphs) for (const s of p.sentences) this.sentence(s, p);
    this.dates();
    const cp = codePointIndexer(this.text);
    return this.drafts.map((d) => {
      const first = d.parts[0] as Span;
      const last = d.parts[d.parts.length - 1] as Span;
      const content = d.parts.map((p) => this.text.slice(p.start, p.end)).join(' ');
      const confidence = Math.min(1, BASE_CONFIDENCE[d.construction] * VIA_FACTOR[d.speaker.via] + (d.kind === 'direct_quote' ? 0.1 : 0));
      return {
        speaker: {
          actor_id: d.speaker.actor_id,
          name: d.speaker.name,
          kind: d.speaker.kind,
          mention: d.speaker.mention,
          mention_start: cp(d.speaker.mention_start),
          mention_end: cp(d.speaker.mention_end),
        },
        text: content,
        kind: d.kind,
        quote: this.text.slice(first.start, last.end),
        start: cp(first.start),
        end: cp(last.end),
        cue: d.cue ? this.text.slice(d.cue.start, d.cue.end) : null,
        said_on: d.said?.value ?? null,
        said_on_precision: d.said?.precision ?? null,
        said_on_text: d.said?.text ?? null,
        confidence: Math.round(confidence * 100) / 100,
      };
    });
  }
}

export interface ClaimDraft {
  actor_id: string;
  text: string;
  kind: SuggestionKind;
  said_on: string | null;
  said_on_text: string | null;
  language?: string;
  topics: [];
  status: 'unreviewed';
  origin: 'extraction';
  confidence: number;
  sources: { article_id: string; quote: string; start: number; end: number; cue: string | null }[];
}

/**
 * The claim a suggestion proposes, ready to create once its speaker is an actor: origin extraction, status
 * unreviewed, no topics, the source span and cue. Null while the speaker has no actor id (a proposed new actor).
 */
export function toClaimDraft(s: Suggestion, options: { articleId: string; actorId?: string; language?: string }): ClaimDraft | null {
  const actorId = options.actorId ?? s.speaker.actor_id;
  if (!actorId) return null;
  return {
    actor_id: actorId,
    text: s.text,
    kind: s.kind,
    said_on: s.said_on,
    said_on_text: s.said_on_text,
    ...(options.language ? { language: options.language } : {}),
    topics: [],
    status: 'unreviewed',
    origin: 'extraction',
    confidence: s.confidence,
    sources: [{ article_id: options.articleId, quote: s.quote, start: s.start, end: s.end, cue: s.cue }],
  };
}

/**
 * Suggests claims (who said what, when) found in an article's text: direct, mixed and indirect quotes in any
 * order around their cue, attributed to known actors (by name, alias, role or place) or to proposed new ones,
 * dated from the phrase attached to the statement and resolved against the publication date.
 */
export function extractClaims(input: ExtractionInput): Suggestion[] {
  return new Extractor(input.text, input.publishedAt, input.actors).run();
}
