// Extraction into the database: unreviewed claims from an article's body, idempotently, and the bulk review of claims.
import { and, asc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/transactions.js';
import { ACTOR_KINDS, claims, claimSources } from '../db/schema.js';
import { fold, textKey } from '../domain/text.js';
import { extractClaims, toClaimDraft, type KnownActor, type Suggestion } from '../extraction/index.js';
import { invalid, unprocessable } from '../plugins/errors.js';
import type { ActorRefT, ActorT } from '../schemas/actors.js';
import type { ArticleCreateT, ArticleT, ExtractionResultT } from '../schemas/articles.js';
import type { ClaimReviewResultT, ClaimReviewT } from '../schemas/claims.js';
import { createActorsRepository } from './actors.js';
import { createArticlesRepository } from './articles.js';
import { createClaimsRepository } from './claims.js';
import type { Principal } from './keys.js';

export interface ExtractOptions {
  /** Create an actor for each unknown speaker (else it is only proposed and its statements left out). */
  createActors: boolean;
}

type ActorKindT = ActorT['kind'];
type Issue = { in: 'body' | 'path'; pointer: string; message: string };

const toKnown = (a: ActorT): KnownActor => ({
  id: a.id, name: a.name, kind: a.kind, aliases: a.aliases,
  roles: a.roles.map((r) => ({ title: r.title, organization: r.organization?.name ?? null })),
});

const actorKind = (kind: string): ActorKindT => ((ACTOR_KINDS as readonly string[]).includes(kind) ? kind as ActorKindT : 'other');

export function createExtractionRepository(db: Db) {
  const articlesRepo = createArticlesRepository(db);
  const actorsRepo = createActorsRepository(db);
  const claimsRepo = createClaimsRepository(db);

  /** Every live actor with aliases and roles, paged through the actors repository. */
  function knownActors(): KnownActor[] {
    const out: KnownActor[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: ActorT[]; next_cursor: string | null } = actorsRepo.list(cursor === null ? { limit: 500 } : { limit: 500, cursor });
      out.push(...page.data.map(toKnown));
      cursor = page.next_cursor;
    } while (cursor !== null);
    return out;
  }

  /** A live claim of the speaker whose text folds to the same key. */
  function sameText(actorId: string, text: string): string | undefined {
    return db.select({ id: claims.id }).from(claims)
      .where(and(eq(claims.actorId, actorId), eq(claims.textKey, textKey(text)), isNull(claims.deletedAt)))
      .orderBy(asc(claims.id)).get()?.id;
  }

  /**
   * A claim citing the article at a span that overlaps [start, end): a live one of any origin, else an extracted one that
   * was rejected (deleted), so that a rejection holds when extraction runs again (as a nightly import with extract does).
   */
  function overlapping(articleId: string, start: number, end: number): { id: string; rejected: boolean } | undefined {
    const row = db.select({ id: claims.id, deletedAt: claims.deletedAt }).from(claimSources).innerJoin(claims, eq(claims.id, claimSources.claimId))
      .where(and(
        eq(claimSources.articleId, articleId), lt(claimSources.start, end), gt(claimSources.end, start),
        or(isNull(claims.deletedAt), eq(claims.origin, 'extraction')),
      ))
      .orderBy(sql`${claims.deletedAt} IS NOT NULL`, asc(claims.id)).get();
    return row && { id: row.id, rejected: row.deletedAt !== null };
  }

  /**
   * Extracts inside the caller's transaction, or its own. Everything, the extraction itself included, runs under one
   * write lock: better-sqlite3 blocks the event loop either way, and the body and the actors cannot change under it.
   */
  function extract(articleId: string, by: Principal | null, options: ExtractOptions): ExtractionResultT {
    return writeTransaction(db, () => {
      const article: ArticleT = articlesRepo.lifecycle.getLive(articleId);
      if (article.body === null) {
        throw unprocessable(`article ${articleId} has no body to extract claims from; PATCH one first`,
          [{ in: 'path', pointer: '/id', message: 'names an article without a body' }]);
      }
      const suggestions = extractClaims({ text: article.body, publishedAt: article.published_at, actors: knownActors(), ...(article.language ? { language: article.language } : {}) });
      const result: ExtractionResultT = { article_id: articleId, created: [], skipped: [], proposed_actors: [], created_actors: [] };
      // Speakers the extractor did not match, by folded name: the actor found or created for them, or null while only proposed.
      const resolved = new Map<string, string | null>();

      const speakerOf = (s: Suggestion): string | null => {
        if (s.speaker.actor_id !== null) return s.speaker.actor_id;
        const key = fold(s.speaker.name);
        if (resolved.has(key)) return resolved.get(key) ?? null;
        let id: string | null = actorsRepo.namedOrAliased(key)[0]?.id ?? null;
        if (id === null && options.createActors) {
          const actor = actorsRepo.create({ name: s.speaker.name, kind: actorKind(s.speaker.kind) }, by);
          result.created_actors.push({ id: actor.id, name: actor.name } satisfies ActorRefT);
          id = actor.id;
        } else if (id === null) {
          result.proposed_actors.push({ name: s.speaker.name, kind: actorKind(s.speaker.kind), mention: s.speaker.mention });
        }
        resolved.set(key, id);
        return id;
      };

      for (const s of suggestions) {
        const covered = overlapping(articleId, s.start, s.end);
        if (covered !== undefined) {
          result.skipped.push({ claim_id: covered.id, reason: covered.rejected ? 'rejected' : 'overlapping_source' });
          continue;
        }
        const actorId = speakerOf(s);
        if (actorId === null) continue;
        const same = sameText(actorId, s.text);
        if (same !== undefined) {
          result.skipped.push({ claim_id: same, reason: 'same_text' });
          continue;
        }
        const draft = toClaimDraft(s, { articleId, actorId, ...(article.language ? { language: article.language } : {}) });
        // Through the claims repository: the quote is checked against the body and a create revision is kept.
        if (draft !== null) result.created.push(claimsRepo.create(draft, by));
      }
      return result;
    });
  }

  return {
    extract,

    /** Creates an article and, when input.extract, extracts its claims: one transaction, so a failure leaves nothing. */
    createArticle(input: ArticleCreateT, by: Principal | null): { article: ArticleT; extraction: ExtractionResultT | null } {
      if (input.extract && input.body == null) {
        throw invalid([{ in: 'body', pointer: '/body', message: 'is required when extract is true' }]);
      }
      return writeTransaction(db, () => {
        const article = articlesRepo.create(input, by);
        return { article, extraction: input.extract ? extract(article.id, by, { createActors: false }) : null };
      });
    },

    /**
     * Accepts (sets the status, as an update revision) and rejects (soft-deletes, as a delete revision) claims, all or
     * nothing: an id in both lists is a 400, a missing or deleted one a 422 naming each.
     */
    review(input: ClaimReviewT, by: Principal | null): ClaimReviewResultT {
      const accept = input.accept ?? [];
      const reject = input.reject ?? [];
      const status = input.status ?? 'verified';
      const both: Issue[] = reject.flatMap((id, i) => (accept.includes(id) ? [{ in: 'body' as const, pointer: `/reject/${i}`, message: `is also in accept (${id})` }] : []));
      if (both.length > 0) throw invalid(both);
      return writeTransaction(db, () => {
        const issues: Issue[] = [];
        for (const [name, ids] of [['accept', accept], ['reject', reject]] as const) {
          ids.forEach((id, i) => {
            const state = claimsRepo.lifecycle.state(id);
            if (state !== 'live') issues.push({ in: 'body', pointer: `/${name}/${i}`, message: `claim ${id} ${state === 'missing' ? 'does not exist' : 'is deleted'}` });
          });
        }
        if (issues.length > 0) {
          throw unprocessable(`nothing was reviewed: ${issues.map((e) => `${e.pointer} ${e.message}`).join('; ')}`, issues);
        }
        // An accepted claim that already has the status is left as it is: no empty revision.
        for (const id of accept) {
          if (claimsRepo.lifecycle.getLive(id).status !== status) claimsRepo.update(id, { status }, by, () => {});
        }
        for (const id of reject) claimsRepo.lifecycle.remove(id, by);
        return { accepted: accept, rejected: reject };
      });
    },
  };
}

/** Extracts the claims of a stored article (see createExtractionRepository): for the importer, after it creates an article. */
export function extractArticle(db: Db, articleId: string, by: Principal | null, options: ExtractOptions): ExtractionResultT {
  return createExtractionRepository(db).extract(articleId, by, options);
}
