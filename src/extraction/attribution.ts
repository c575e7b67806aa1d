// Speaker resolution: names and aliases of known actors, titles and descriptions, pronouns, places for governments.

import { fold } from '../domain/text.js';
import {
  COUNTRIES, DESCRIPTORS, NATIONALITIES, ORG_WORDS, PLACES, PRONOUNS, SPEAKING_NOUNS, TITLE_WORDS,
} from './lexicon.js';

export interface KnownActor {
  id: string;
  name: string;
  kind: string;
  aliases: string[];
  roles: { title: string; organization: string | null }[];
}

export type SpeakerVia = 'name' | 'alias' | 'role' | 'pronoun' | 'description' | 'place' | 'new';

export interface SpeakerRef {
  actor_id: string | null;
  name: string;
  kind: string;
  mention: string;
  /** Code-unit offsets of the mention in the article text. */
  mention_start: number;
  mention_end: number;
  via: SpeakerVia;
  /** Folded words that described the speaker where it was named ("russian president"). */
  description: string;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu;
const MONTHS_DAYS = /^(january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i;
const DETERMINERS = new Set(['the', 'a', 'an', 'one', 'some', 'several', 'two', 'three', 'many', 'his', 'her', 'their', 'its', 'this', 'that', 'these', 'those', 'other', 'another']);

export interface Token {
  text: string;
  start: number;
  end: number;
}

export function words(text: string, base = 0): Token[] {
  return [...text.matchAll(WORD)].map((m) => {
    // Keep the period of initials ("U.S."), drop a sentence period or a trailing apostrophe.
    const t = /^(?:\p{Lu}\.)+$/u.test(m[0]) ? m[0] : m[0].replace(/[.'’-]+$/, '');
    return { text: t, start: base + m.index, end: base + m.index + t.length };
  });
}

/** A capitalised word, including names such as "d'Électricité" and "al-Assad" and initials such as "U.S.". */
export function isCapitalized(word: string): boolean {
  return /^\p{Lu}/u.test(word) || /^(?:d|l|al|el|de)['’-]\p{Lu}/u.test(word) || /^i-\p{Lu}/u.test(word);
}

const strip = (s: string) => fold(s).replace(/^(the|a|an) /, '').replace(/[’']s$/, '');

/** Whether two names are the same after folding case, diacritics and a leading article. */
export function sameName(a: string, b: string): boolean {
  return strip(a) === strip(b);
}

interface AliasEntry {
  actor: KnownActor;
  alias: string;
  folded: string;
  exactCase: boolean;
}

/** The document-level state of attribution: known actors, speakers so far, and actors proposed so far. */
export class Attributor {
  private readonly aliases: AliasEntry[];
  private readonly history: SpeakerRef[] = [];

  constructor(private readonly text: string, private readonly actors: KnownActor[]) {
    this.aliases = actors.flatMap((actor) => [actor.name, ...actor.aliases].map((alias) => ({
      actor,
      alias,
      folded: strip(alias),
      // Short or all-capital aliases ("US", "UK") must match with their case, or "us" would be a country.
      exactCase: alias.length <= 3 || alias === alias.toUpperCase(),
    }))).filter((a) => a.folded.length > 0).sort((a, b) => b.folded.length - a.folded.length);
  }

  /** Records a resolved speaker so later pronouns and descriptions can refer to it. */
  remember(ref: SpeakerRef): void {
    this.history.push(ref);
  }

  private actorRef(actor: KnownActor, start: number, end: number, via: SpeakerVia, description = ''): SpeakerRef {
    return { actor_id: actor.id, name: actor.name, kind: actor.kind, mention: this.text.slice(start, end), mention_start: start, mention_end: end, via, description };
  }

  private from(ref: SpeakerRef, start: number, end: number, via: SpeakerVia): SpeakerRef {
    return { ...ref, mention: this.text.slice(start, end), mention_start: start, mention_end: end, via, description: ref.description };
  }

  /** Known-actor mentions inside text[start, end): every alias occurrence on word boundaries. */
  private aliasMatches(start: number, end: number): { entry: AliasEntry; start: number; end: number }[] {
    const span = this.text.slice(start, end);
    const out: { entry: AliasEntry; start: number; end: number }[] = [];
    for (const entry of this.aliases) {
      const pattern = entry.alias.replace(/^the /i, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const re = new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, entry.exactCase ? 'gu' : 'giu');
      for (const m of span.matchAll(re)) {
        const a = start + m.index;
        const b = a + m[0].length;
        if (!out.some((o) => a < o.end && b > o.start)) out.push({ entry, start: a, end: b });
      }
    }
    return out.sort((x, y) => x.start - y.start);
  }

  private knownByName(name: string): KnownActor | undefined {
    const f = strip(name);
    return this.aliases.find((a) => a.folded === f)?.actor;
  }

  /** Most recent speaker satisfying `ok`. */
  private recent(ok: (r: SpeakerRef) => boolean): SpeakerRef | undefined {
    for (let i = this.history.length - 1; i >= 0; i--) if (ok(this.history[i] as SpeakerRef)) return this.history[i];
    return undefined;
  }

  private roleText(ref: SpeakerRef): string {
    const actor = ref.actor_id ? this.actors.find((a) => a.id === ref.actor_id) : undefined;
    const roles = actor ? actor.roles.map((r) => `${r.title} ${r.organization ?? ''}`).join(' ') : '';
    return fold(`${roles} ${ref.description}`).replace(/-/g, ' ');
  }

  /** Resolves a pronoun to the most recent compatible speaker. */
  resolvePronoun(start: number, end: number): SpeakerRef | null {
    const p = PRONOUNS[this.text.slice(start, end).toLowerCase()];
    if (!p) return null;
    const hit = p === 'person'
      ? this.recent((r) => r.kind === 'person')
      : p === 'plural'
        ? this.recent((r) => r.kind !== 'person') ?? this.recent(() => true)
        : this.recent((r) => r.kind === 'organization' || r.kind === 'country' || r.kind === 'media' || r.kind === 'other');
    return hit ? this.from(hit, start, end, 'pronoun') : null;
  }

  /** Resolves a description ("the head of Russian diplomacy", "the president") through roles and recent speakers. */
  resolveDescription(start: number, end: number): SpeakerRef | null {
    const desc = fold(this.text.slice(start, end)).replace(/-/g, ' ');
    const nationality = Object.entries(NATIONALITIES).find(([adj]) => new RegExp(`(^|\\s)${adj.replace('.', '\\.')}(\\s|$)`).test(desc))?.[1];
    for (const d of DESCRIPTORS) {
      if (!d.pattern.test(desc)) continue;
      const fits = (roleText: string) => d.keywords.every((group) => group.some((k) => roleText.includes(k)))
        && (!nationality || roleText.includes(nationality) || roleText.includes(Object.entries(NATIONALITIES).find(([, c]) => c === nationality)?.[0] ?? nationality));
      const recent = d.keywords.length === 0
        ? this.recent((r) => r.kind === 'person')
        : this.recent((r) => fits(this.roleText(r)));
      if (recent) return this.from(recent, start, end, 'description');
      const byRole = this.actors.filter((a) => d.keywords.length > 0 && a.roles.some((r) => fits(fold(`${r.title} ${r.organization ?? ''}`))));
      if (byRole.length === 1) return this.actorRef(byRole[0] as KnownActor, start, end, 'role', desc);
    }
    return null;
  }

  /** Resolves a place standing for its government ("Moscow", "the Kremlin") in text[start, end). */
  private resolvePlace(start: number, end: number): SpeakerRef | null {
    const span = this.text.slice(start, end);
    for (const [place, target] of Object.entries(PLACES)) {
      const m = new RegExp(`(?<![\\p{L}])(?:the )?${place}(?![\\p{L}])`, 'iu').exec(span);
      if (!m || !isCapitalized(m[0].replace(/^the /i, ''))) continue;
      const a = start + m.index;
      const b = a + m[0].length;
      for (const candidate of target.candidates) {
        const actor = this.knownByName(candidate);
        if (actor) return this.actorRef(actor, a, b, 'place');
      }
      return { actor_id: null, name: target.name, kind: target.kind, mention: this.text.slice(a, b), mention_start: a, mention_end: b, via: 'place', description: '' };
    }
    return null;
  }

  /** A capitalised name at the end of text[start, end), with leading title words split off as its description. */
  private resolveName(start: number, end: number): SpeakerRef | null {
    const toks = words(this.text.slice(start, end), start);
    let i = toks.length - 1;
    while (i >= 0 && isCapitalized((toks[i] as Token).text) && !MONTHS_DAYS.test((toks[i] as Token).text)) i--;
    // Allow "Société Nationale d'Électricité", "Council for Foreign and Defense Policy".
    let first = i + 1;
    while (i >= 1 && /^(of|for|and|de|du|la|van|von|der|bin|al)$/.test((toks[i] as Token).text) && isCapitalized((toks[i - 1] as Token).text)) {
      i--;
      while (i >= 0 && isCapitalized((toks[i] as Token).text)) i--;
      first = i + 1;
    }
    const run = toks.slice(first);
    if (run.length === 0) return null;
    // A capitalised common noun opening a sentence ("Investigators said") is not a name.
    if (run.length === 1 && SPEAKING_NOUNS[(run[0] as Token).text.toLowerCase()]) return null;
    const isOrg = run.some((t) => ORG_WORDS.has(t.text.toLowerCase()));
    let k = 0;
    if (!isOrg) {
      while (k < run.length - 1 && (TITLE_WORDS.has((run[k] as Token).text.toLowerCase()) || NATIONALITIES[(run[k] as Token).text.toLowerCase()])) k++;
      if (TITLE_WORDS.has((run[k] as Token).text.toLowerCase())) return null;
    }
    const nameToks = run.slice(k);
    const a = (nameToks[0] as Token).start;
    const b = (nameToks[nameToks.length - 1] as Token).end;
    const name = this.text.slice(a, b);
    const description = fold(this.text.slice(start, a));
    const known = this.knownByName(name);
    if (known) return this.actorRef(known, a, b, 'alias', description);
    const folded = fold(name);
    const kind = isOrg ? 'organization' : COUNTRIES.has(folded) ? 'country' : 'person';
    // A surname alone refers back to a proposed person ("Erdogan" after "Recep Tayyip Erdogan").
    if (kind === 'person' && nameToks.length === 1) {
      const earlier = this.recent((r) => r.actor_id === null && r.kind === 'person' && fold(r.name).split(' ').pop() === folded);
      if (earlier) return this.from(earlier, a, b, 'name');
    }
    const earlierSame = this.recent((r) => r.actor_id === null && fold(r.name) === folded);
    if (earlierSame) return this.from(earlierSame, a, b, 'name');
    return { actor_id: null, name, kind, mention: name, mention_start: a, mention_end: b, via: 'new', description };
  }

  /** A common noun that speaks ("investigators", "a spokesperson", "local media and police"). */
  private resolveCommon(start: number, end: number): SpeakerRef | null {
    const toks = words(this.text.slice(start, end), start);
    for (let i = toks.length - 1; i >= 0; i--) {
      const kind = SPEAKING_NOUNS[(toks[i] as Token).text.toLowerCase()];
      if (!kind) continue;
      let j = 0;
      while (j < i && DETERMINERS.has((toks[j] as Token).text.toLowerCase())) j++;
      const a = (toks[j] as Token).start;
      const b = (toks[i] as Token).end;
      const name = this.text.slice(a, b);
      const earlier = this.recent((r) => r.actor_id === null && sameName(r.name, name));
      if (earlier) return this.from(earlier, start, end, 'name');
      return { actor_id: null, name, kind: kind === 'other' ? 'other' : kind, mention: this.text.slice((toks[0] as Token).start, b), mention_start: (toks[0] as Token).start, mention_end: b, via: 'new', description: fold(name) };
    }
    return null;
  }

  /**
   * Resolves the noun phrase text[start, end) to a speaker: a pronoun, a known actor's name or alias (a person
   * before an organisation or a country in the same phrase), a place that stands for a government, a capitalised
   * name (a new actor), a description matched to a role, or a common noun that speaks.
   */
  resolve(start: number, end: number): SpeakerRef | null {
    const raw = this.text.slice(start, end);
    // "A witness account to French news network i-Télé": the phrase after "to" is the addressee.
    const cut = / to (?=\S)/.exec(raw);
    if (cut) end = start + cut.index;
    const toks = words(this.text.slice(start, end), start);
    if (toks.length === 0) return null;
    const last = toks[toks.length - 1] as Token;
    if (PRONOUNS[last.text.toLowerCase()] !== undefined) {
      // "from Moscow they declared": the place names who "they" are.
      if (toks.length > 1) {
        const before = this.resolvePlace(start, last.start) ?? this.knownIn(start, last.start);
        if (before) return before;
      }
      return this.resolvePronoun(last.start, last.end);
    }
    // "The spokeswoman for the Russian Foreign Ministry": a description names the speaker, not the body it serves.
    const head = toks.find((t) => !DETERMINERS.has(t.text.toLowerCase()));
    if (head && !isCapitalized(head.text)) {
      return this.knownIn(start, end, true) ?? this.resolveDescription(start, end) ?? this.resolveCommon(start, end)
        ?? this.knownIn(start, end) ?? this.resolvePlace(start, end) ?? this.resolveName(start, end);
    }
    return this.knownIn(start, end) ?? this.resolvePlace(start, end) ?? this.resolveName(start, end)
      ?? this.resolveDescription(start, end) ?? this.resolveCommon(start, end);
  }

  /** The known actor named in text[start, end): a person if one is named, else the last mention. */
  private knownIn(start: number, end: number, personsOnly = false): SpeakerRef | null {
    const matches = this.aliasMatches(start, end).filter((m) => !personsOnly || m.entry.actor.kind === 'person');
    if (matches.length === 0) return null;
    const person = [...matches].reverse().find((m) => m.entry.actor.kind === 'person');
    const pick = person ?? (matches[matches.length - 1] as (typeof matches)[number]);
    const description = fold(this.text.slice(start, pick.start));
    return this.actorRef(pick.entry.actor, pick.start, pick.end, fold(pick.entry.alias) === fold(pick.entry.actor.name) ? 'name' : 'alias', description);
  }
}
