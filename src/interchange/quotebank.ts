// Quotebank (epfl-dlab, Zenodo 4277311) quotation-centric records mapped to whosaid records: pure, no I/O.
import { Type, type Static } from '@sinclair/typebox';
import { normaliseUrl } from '../domain/url.js';
import { invalid, unprocessable } from '../plugins/errors.js';
import { compileWithReferences, issuesOf, type ActorRecordT, type ArticleRecordT, type ClaimRecordT } from './records.js';

/**
 * A line of quotes-YYYY.json: the published field list. Fields beyond it are allowed (derived
 * data sets add some); those the mapping uses are checked.
 */
export const QuotebankRecord = Type.Object({
  quoteID: Type.String({ minLength: 1, description: 'YYYY-MM-DD-nnnnnn.' }),
  quotation: Type.String({ minLength: 1, maxLength: 20_000, description: 'The longest original form of the quotation.' }),
  speaker: Type.String({ description: 'The most probable speaker, "None" when unattributed.' }),
  qids: Type.Array(Type.String({ pattern: '^Q[1-9][0-9]*$' }), { description: 'Wikidata ids of the speaker (homonyms share a name).' }),
  date: Type.Optional(Type.String({ description: 'Publication date of the earliest article quoting it, "YYYY-MM-DD hh:mm:ss".' })),
  numOccurrences: Type.Optional(Type.Integer({ minimum: 0 })),
  probas: Type.Optional(Type.Array(Type.Tuple([Type.String(), Type.Union([Type.Number(), Type.String()])]), {
    description: '[speaker, probability] pairs, most probable first, "None" included; probabilities may be strings.',
  })),
  urls: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'Articles quoting it, earliest first.' }),
  phase: Type.Optional(Type.String()),
});
export type QuotebankRecordT = Static<typeof QuotebankRecord>;

const check = compileWithReferences(QuotebankRecord);

/** The most sources one claim record carries (ClaimCreate allows 100). */
export const MAX_QUOTEBANK_SOURCES = 100;
const TITLE_MAX = 1000;

export interface QuotebankRecords {
  actor: ActorRecordT;
  articles: ArticleRecordT[];
  claim: ClaimRecordT;
}

/** The confidence of the attribution: the probability Quotebank gives the chosen speaker. */
export function speakerProbability(record: Pick<QuotebankRecordT, 'speaker' | 'probas'>): number | null {
  const probas = record.probas ?? [];
  const entry = probas.find(([speaker]) => speaker === record.speaker) ?? probas.find(([speaker]) => speaker !== 'None');
  if (entry === undefined) return null;
  const p = Number(entry[1]);
  return Number.isFinite(p) && p >= 0 && p <= 1 ? p : null;
}

/**
 * One Quotebank quotation as whosaid records: the speaker as an actor keyed by the first QID, one
 * article per URL (titled by its URL, no body), and one direct-quote claim citing each article
 * with `verbatim: false`, since no body holds the quote. Quotebank's `date` is when the earliest
 * article appeared, not when the words were said, so it never becomes said_on; it is the
 * publication day of the first URL's article, because Quotebank sorts urls by (date, url).
 * Throws a 400 problem for a malformed record and a 422 for an unattributed one.
 */
export function fromQuotebank(value: unknown): QuotebankRecords {
  if (!check.Check(value)) throw invalid(issuesOf(check.Errors(value)));
  const qb = value;
  const qid = qb.qids[0];
  if (qb.speaker.trim() === '' || qb.speaker === 'None' || qid === undefined) {
    throw unprocessable(`quotation ${qb.quoteID} is unattributed: Quotebank names no speaker with a Wikidata id`, [
      { in: 'body', pointer: qid === undefined ? '/qids' : '/speaker', message: 'names no speaker' },
    ]);
  }
  const urls: string[] = [];
  const seen = new Set<string>();
  qb.urls.forEach((raw, i) => {
    const url = normaliseUrl(raw);
    if (url === null) throw invalid([{ in: 'body', pointer: `/urls/${i}`, message: 'must be an absolute http or https URL' }]);
    if (!seen.has(url)) urls.push(url);
    seen.add(url);
  });
  // The earliest articles; the rest of a widely quoted line would exceed what one claim record holds.
  const cited = urls.slice(0, MAX_QUOTEBANK_SOURCES);
  const day = /^([0-9]{4}-[0-9]{2}-[0-9]{2})/.exec(qb.date ?? '')?.[1];

  return {
    actor: { type: 'actor', name: qb.speaker.trim(), kind: 'person', wikidata_id: qid },
    articles: cited.map((url, i) => ({
      type: 'article', url, title: url.slice(0, TITLE_MAX), ...(i === 0 && day !== undefined ? { published_at: day } : {}),
    })),
    claim: {
      type: 'claim',
      speaker: { wikidata_id: qid },
      text: qb.quotation,
      kind: 'direct_quote',
      language: 'en',
      status: 'unreviewed',
      origin: 'import',
      confidence: speakerProbability(qb),
      sources: cited.map((url) => ({ article: url, quote: qb.quotation, verbatim: false })),
    },
  };
}
