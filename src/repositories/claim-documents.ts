// Claim documents: each claim's API representation rendered by one SQL expression and kept in claim_documents, so that
// a page of claims reads one row per claim instead of joining seven tables (see claimDocuments in src/db/schema.ts).
import type { Db } from '../db/client.js';

/**
 * A REAL column as JSON the way JSON.stringify writes it (SQLite's json keeps 15 digits and writes 1.0 for 1), by a
 * function registered on every connection (db/client.ts).
 */
const number = (column: string) => `json(whosaid_json_number(${column}))`;

/**
 * The JSON of the claim `c` (a row of claims), in the order of the Claim schema: its speaker, the role the speaker held
 * on said_on (the latest-starting role whose interval meets the claim's), its addressees, objects, topics and sources
 * in their order, and its fact-checks oldest first. Scalar subqueries drop JSON's subtype, hence the json() around them.
 */
export const CLAIM_DOCUMENT_SQL = `json_object(
  'id', c.id,
  'actor_id', c.actor_id,
  'speaker', json_object('id', c.actor_id, 'name', coalesce((SELECT name FROM actors WHERE id = c.actor_id), '')),
  'text', c.text,
  'kind', c.kind,
  'said_on', c.said_on,
  'said_on_precision', c.said_on_precision,
  'said_on_text', c.said_on_text,
  'speaker_role', c.speaker_role,
  'speaking_as', json((SELECT json_object('title', r.title,
      'organization', CASE WHEN o.id IS NULL THEN NULL ELSE json_object('id', o.id, 'name', o.name) END,
      'start', r.start, 'end', r."end")
    FROM actor_roles r LEFT JOIN actors o ON o.id = r.organization_id
    WHERE r.actor_id = c.actor_id AND c.said_on_lo IS NOT NULL AND c.said_on_hi IS NOT NULL
      AND (r.start_lo IS NULL OR r.start_lo <= c.said_on_hi) AND (r.end_hi IS NULL OR r.end_hi >= c.said_on_lo)
    ORDER BY coalesce(r.start_lo, '') DESC, r.position LIMIT 1)),
  'context', c.context,
  'language', c.language,
  'addressee_ids', json((SELECT json_group_array(actor_id ORDER BY position) FROM claim_addressees WHERE claim_id = c.id)),
  'object_ids', json((SELECT json_group_array(actor_id ORDER BY position) FROM claim_objects WHERE claim_id = c.id)),
  'topics', json((SELECT json_group_array(json_object('topic_id', t.id, 'topic', json_object('id', t.id, 'slug', t.slug, 'name', t.name),
      'stance', ct.stance) ORDER BY ct.position)
    FROM claim_topics ct JOIN topics t ON t.id = ct.topic_id WHERE ct.claim_id = c.id)),
  'status', c.status,
  'origin', c.origin,
  'confidence', ${number('c.confidence')},
  'sources', json((SELECT json_group_array(json_object('article_id', a.id,
      'article', json_object('id', a.id, 'url', a.url, 'title', a.title, 'outlet', a.outlet, 'published_at', a.published_at),
      'quote', s.quote, 'start', s.start, 'end', s."end", 'cue', s.cue, 'verbatim', json(CASE WHEN s.verbatim THEN 'true' ELSE 'false' END))
      ORDER BY s.position)
    FROM claim_sources s JOIN articles a ON a.id = s.article_id WHERE s.claim_id = c.id)),
  'fact_checks', json((SELECT json_group_array(json_object('id', f.id, 'publisher', f.publisher, 'url', f.url, 'rating', f.rating,
      'rating_value', ${number('f.rating_value')}, 'best_rating', ${number('f.best_rating')}, 'worst_rating', ${number('f.worst_rating')},
      'reviewed_on', f.reviewed_on, 'created_at', f.created_at) ORDER BY f.created_at, f.id)
    FROM fact_checks f WHERE f.claim_id = c.id)),
  'created_at', c.created_at,
  'updated_at', c.updated_at)`;

/** SET clause of an UPDATE of claim_documents: each row's document rendered from its claim. */
export const RENDER_DOCUMENT = `body = (SELECT ${CLAIM_DOCUMENT_SQL} FROM claims c WHERE c.seq = claim_documents.claim_seq)`;

/** Documents rendered per write transaction by the background refresh: each batch holds the write lock a few ms. */
const BATCH = 200;

/**
 * Renders up to `limit` stale documents (body NULL) in one write transaction and returns how many. It never waits for
 * the write lock: when another connection holds it (or this one is inside a transaction) it renders nothing and
 * returns 0, to be tried again later.
 */
export function renderStaleDocuments(db: Db, limit = BATCH): number {
  const sqlite = db.$client;
  if (sqlite.inTransaction || sqlite.readonly) return 0;
  const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma('busy_timeout = 0');
  try {
    return sqlite.transaction(() => sqlite.prepare(`UPDATE claim_documents SET ${RENDER_DOCUMENT}
      WHERE claim_seq IN (SELECT claim_seq FROM claim_documents WHERE body IS NULL LIMIT ?)`).run(limit).changes).immediate();
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return 0;
    throw error;
  } finally {
    sqlite.pragma(`busy_timeout = ${timeout}`);
  }
}

/** Whether any document is stale (uses the partial index of stale ones). */
function hasStaleDocuments(db: Db): boolean {
  return db.$client.prepare('SELECT 1 FROM claim_documents WHERE body IS NULL LIMIT 1').get() !== undefined;
}

/**
 * Keeps documents fresh in the background: every `idleMs` it looks for stale ones and, while there are, renders them
 * in batches between other work (setImmediate between two). Returns a function that stops it.
 */
export function startDocumentRefresh(db: Db, onError: (error: unknown) => void, idleMs = 500): () => void {
  let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    let rendered: number;
    try {
      rendered = hasStaleDocuments(db) ? renderStaleDocuments(db) : 0;
    } catch (error) {
      onError(error); // readers still render stale documents themselves; try again later
      rendered = 0;
    }
    timer = rendered > 0 ? setImmediate(tick) : setTimeout(tick, idleMs).unref();
  };
  timer = setTimeout(tick, idleMs).unref();
  return () => {
    stopped = true;
    if (timer !== undefined) {
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
    }
  };
}
