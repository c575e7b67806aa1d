// Articles: the only SQL for the articles table, and for re-anchoring claim sources when a body changes.
import { and, asc, eq, gt, gte, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/transactions.js';
import { articles, claims, claimSources } from '../db/schema.js';
import { parsePartialDate } from '../domain/partial-date.js';
import { codePointLength, locateQuote } from '../domain/quotes.js';
import { canonicalLanguage, escapeLike } from '../domain/text.js';
import { normaliseUrl } from '../domain/url.js';
import { conflict, invalid, unprocessable } from '../plugins/errors.js';
import type { ProblemBody } from '../schemas/common.js';
import type { ArticleCreateT, ArticleListQueryT, ArticlePatchT, ArticleT } from '../schemas/articles.js';
import type { Principal } from './keys.js';
import { refreshFirstPublished } from './claims.js';
import { createLifecycle, identity, type CreateMeta } from './lifecycle.js';
import { decodeCursor, pageOf } from './pagination.js';
import { recordRevision } from './revisions.js';

type Row = typeof articles.$inferSelect;
type Issue = NonNullable<ProblemBody['errors']>[number];

const toApi = (r: Row): ArticleT => ({
  id: r.id, url: r.url, title: r.title, outlet: r.outlet, outlet_domain: r.outletDomain, authors: r.authors,
  published_at: r.publishedAt, language: r.language, body: r.body, created_at: r.createdAt, updated_at: r.updatedAt,
});

function urlOf(value: string, where: Issue['in']): string {
  const url = normaliseUrl(value);
  if (url === null) throw invalid([{ in: where, pointer: '/url', message: 'must be an absolute http or https URL' }]);
  return url;
}

/** The publisher's domain as the URL names it: its host without a leading "www.". */
const domainOf = (url: string) => new URL(url).hostname.replace(/^www\./, '');

/** published_at as stored (a date as given, a date-time in UTC) and the UTC day it falls on. */
function publication(value: string): { publishedAt: string; publishedOn: string } {
  if (parsePartialDate(value.slice(0, 10))?.precision !== 'day') {
    throw invalid([{ in: 'body', pointer: '/published_at', message: 'names a day that does not exist' }]);
  }
  if (value.length === 10) return { publishedAt: value, publishedOn: value };
  const utc = new Date(value.toUpperCase()).toISOString();
  return { publishedAt: utc, publishedOn: utc.slice(0, 10) };
}

type Filter = Exclude<keyof ArticleListQueryT, 'limit' | 'cursor'>;

/** Every list filter and the SQL it stands for; a query is the conjunction of those given. */
const FILTERS: { [K in Filter]-?: (value: string) => SQL } = {
  outlet: (v) => eq(articles.outlet, v),
  language: (v) => eq(articles.language, canonicalLanguage(v)),
  url: (v) => eq(articles.url, urlOf(v, 'query')),
  published_from: (v) => gte(articles.publishedOn, v),
  published_to: (v) => lte(articles.publishedOn, v),
  q: (v) => sql`${articles.title} LIKE ${`%${escapeLike(v)}%`} ESCAPE '\\'`,
};

/** Code-point starts of every exact occurrence of `quote` in `body`, in order. */
function occurrences(body: string, quote: string): number[] {
  const out: number[] = [];
  let unit = 0;
  let cp = 0;
  for (let at = body.indexOf(quote); at >= 0 && quote.length > 0; at = body.indexOf(quote, at + 1)) {
    cp += codePointLength(body.slice(unit, at));
    unit = at;
    out.push(cp);
  }
  return out;
}

/** Where `quote` sits in `body`: the occurrence nearest `near` when there are several; null when absent. */
function relocate(body: string, quote: string, near: number | null): { start: number; end: number } | null {
  const found = locateQuote(body, quote);
  if (!found.ok) return null;
  const starts = near === null ? [] : occurrences(body, quote);
  if (near === null || starts.length <= 1) return { start: found.span.start, end: found.span.end };
  const start = starts.reduce((best, s) => (Math.abs(s - near) < Math.abs(best - near) ? s : best));
  return { start, end: start + codePointLength(quote) };
}

/** A row of articles as SQLite returns it. */
interface RawRow {
  id: string; url: string | null; title: string; outlet: string | null; outlet_domain: string | null; authors: string;
  published_at: string | null; language: string | null; body: string | null; created_at: string; updated_at: string;
}

const rawToApi = (r: RawRow): ArticleT => ({
  id: r.id, url: r.url, title: r.title, outlet: r.outlet, outlet_domain: r.outlet_domain, authors: JSON.parse(r.authors) as string[],
  published_at: r.published_at, language: r.language, body: r.body, created_at: r.created_at, updated_at: r.updated_at,
});

export function createArticlesRepository(db: Db) {
  /** The statements of loads and creates, prepared once (an import creates and looks up articles by the thousand). */
  let statements: ReturnType<typeof prepareStatements> | undefined;
  function prepareStatements() {
    const sqlite = db.$client;
    const columns = 'id, url, title, outlet, outlet_domain, authors, published_at, language, body, created_at, updated_at';
    return {
      load: sqlite.prepare<[string], RawRow>(`SELECT ${columns} FROM articles WHERE id = ?`),
      byUrl: sqlite.prepare<[string], RawRow>(`SELECT ${columns} FROM articles WHERE url = ? AND deleted_at IS NULL ORDER BY id LIMIT 1`),
      idByUrl: sqlite.prepare<[string], { id: string }>('SELECT id FROM articles WHERE url = ? AND deleted_at IS NULL ORDER BY id LIMIT 1'),
      urlOwner: sqlite.prepare<[string], { id: string; deleted_at: string | null }>('SELECT id, deleted_at FROM articles WHERE url = ?'),
      insert: sqlite.prepare<[string, string | null, string, string | null, string | null, string, string | null, string | null, string | null, string | null, string, string]>(
        `INSERT INTO articles (id, url, title, outlet, outlet_domain, authors, published_at, published_on, language, body, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    };
  }
  const prepared = () => (statements ??= prepareStatements());

  const load = (id: string): ArticleT | undefined => {
    const row = prepared().load.get(id);
    return row && rawToApi(row);
  };

  const lifecycle = createLifecycle<ArticleT>(db, {
    type: 'article',
    label: 'article',
    table: articles,
    load,
    beforeDelete(id) {
      const used = db.get<{ claims: number }>(sql`
        SELECT count(DISTINCT c.id) AS claims FROM ${claimSources} cs JOIN ${claims} c ON c.id = cs.claim_id
         WHERE cs.article_id = ${id} AND c.deleted_at IS NULL`);
      if (used && used.claims > 0) {
        throw conflict(`article ${id} is still cited by ${used.claims} claim(s); delete them or change their sources first`, { usage: used });
      }
    },
  });

  function checkUrlFree(url: string, id: string | null) {
    const other = prepared().urlOwner.get(url);
    if (other && other.id !== id) {
      const deleted = other.deleted_at === null ? '' : ' (deleted; restore it instead)';
      throw conflict(`the url ${url} is already article ${other.id}${deleted}`, { existing_id: other.id });
    }
  }

  /**
   * Re-anchors every verbatim source citing the article in its new body, or refuses the change
   * with the claims whose quotes the new body no longer contains.
   */
  function reanchorSources(id: string, body: string) {
    const sources = db.select({ id: claimSources.id, claimId: claimSources.claimId, quote: claimSources.quote, start: claimSources.start })
      .from(claimSources).where(and(eq(claimSources.articleId, id), eq(claimSources.verbatim, true)))
      .orderBy(asc(claimSources.id)).all();
    const moved = sources.map((s) => ({ source: s, span: relocate(body, s.quote, s.start) }));
    const lost = [...new Set(moved.filter((m) => m.span === null).map((m) => m.source.claimId))];
    if (lost.length > 0) {
      throw unprocessable(
        `the new body no longer contains the quotes of ${lost.length} claim(s) citing this article: ${lost.join(', ')}`,
        [{ in: 'body', pointer: '/body', message: 'drops quotes that claims cite verbatim' }],
        { claim_ids: lost },
      );
    }
    for (const { source, span } of moved) {
      if (span) db.update(claimSources).set({ start: span.start, end: span.end }).where(eq(claimSources.id, source.id)).run();
    }
  }

  return {
    lifecycle,

    list(q: ArticleListQueryT) {
      const limit = q.limit ?? 50;
      const after = decodeCursor(q.cursor, 1);
      const filters = (Object.keys(FILTERS) as Filter[]).map((name) => {
        const value = q[name];
        return value === undefined ? undefined : FILTERS[name](value);
      });
      const rows = db.select().from(articles)
        .where(and(isNull(articles.deletedAt), ...filters, after === null ? undefined : gt(articles.id, String(after[0]))))
        .orderBy(asc(articles.id)).limit(limit + 1).all();
      return pageOf(rows.map(toApi), limit, (a) => [a.id]);
    },

    /** The id of the live article at `url` (normalised already), as list({ url, limit: 1 }) finds it. */
    idByUrl(url: string): string | undefined {
      return prepared().idByUrl.get(url)?.id;
    },

    /** The live article at `url` (normalised already), as list({ url, limit: 1 }) finds it. */
    byUrl(url: string): ArticleT | undefined {
      const row = prepared().byUrl.get(url);
      return row && rawToApi(row);
    },

    create(input: ArticleCreateT, by: Principal | null, meta: CreateMeta = {}): ArticleT {
      const url = input.url == null ? null : urlOf(input.url, 'body');
      const published = input.published_at == null ? { publishedAt: null, publishedOn: null } : publication(input.published_at);
      return writeTransaction(db, () => {
        if (url !== null) checkUrlFree(url, null);
        const { id, createdAt, updatedAt } = identity('article', meta);
        prepared().insert.run(
          id, url, input.title, input.outlet ?? null, input.outlet_domain?.toLowerCase() ?? (url === null ? null : domainOf(url)),
          JSON.stringify(input.authors ?? []), published.publishedAt, published.publishedOn,
          input.language == null ? null : canonicalLanguage(input.language), input.body ?? null, createdAt, updatedAt,
        );
        const after = load(id) as ArticleT;
        recordRevision(db, { type: 'article', id, action: 'create', by, before: null, after });
        return after;
      });
    },

    update(id: string, patch: ArticlePatchT, by: Principal | null, precondition: (current: ArticleT) => void): ArticleT {
      const url = patch.url == null ? patch.url : urlOf(patch.url, 'body');
      const published = patch.published_at === undefined ? {}
        : patch.published_at === null ? { publishedAt: null, publishedOn: null } : publication(patch.published_at);
      return writeTransaction(db, () => {
        const before = lifecycle.getLive(id);
        precondition(before);
        if (url) checkUrlFree(url, id);
        // A domain derived from the old url follows the url; one set by hand stays.
        const derived = before.outlet_domain === null || (before.url !== null && before.outlet_domain === domainOf(before.url));
        const outletDomain = patch.outlet_domain !== undefined ? patch.outlet_domain?.toLowerCase() ?? null
          : url && derived ? domainOf(url) : undefined;
        if (typeof patch.body === 'string' && patch.body !== before.body) reanchorSources(id, patch.body);
        db.update(articles).set({
          url, title: patch.title, outlet: patch.outlet, outletDomain, authors: patch.authors, ...published,
          language: patch.language == null ? patch.language : canonicalLanguage(patch.language), body: patch.body,
          updatedAt: new Date().toISOString(),
        }).where(eq(articles.id, id)).run();
        if (patch.published_at !== undefined) {
          refreshFirstPublished(db, sql`${claims.id} IN (SELECT ${claimSources.claimId} FROM ${claimSources} WHERE ${claimSources.articleId} = ${id})`);
        }
        const after = load(id) as ArticleT;
        recordRevision(db, { type: 'article', id, action: 'update', by, before, after });
        return after;
      });
    },
  };
}
