// Fact-checks: the only SQL for fact_checks. They are part of their claim's record, so each
// addition or removal bumps the claim's updated_at and is kept as an update revision of the claim.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/transactions.js';
import { claims, factChecks } from '../db/schema.js';
import { newId } from '../domain/ids.js';
import { fold } from '../domain/text.js';
import { normaliseUrl } from '../domain/url.js';
import { conflict, gone, HttpProblem, invalid, notFound, unprocessable } from '../plugins/errors.js';
import type { ClaimT, FactCheckCreateT, FactCheckT } from '../schemas/claims.js';
import type { Principal } from './keys.js';
import type { CreateMeta, Lifecycle } from './lifecycle.js';
import { recordRevision } from './revisions.js';

type Row = typeof factChecks.$inferSelect;

const missing = (claimId: string, id: string) => new HttpProblem(404, `claim ${claimId} has no fact-check ${id}`);

const toApi = (r: Row): FactCheckT => ({
  id: r.id, publisher: r.publisher, url: r.url, rating: r.rating, rating_value: r.ratingValue, best_rating: r.bestRating,
  worst_rating: r.worstRating, reviewed_on: r.reviewedOn, created_at: r.createdAt,
});

/** A rating's numbers must lie on its scale: worst <= value <= best, for those given. */
function checkScale(input: FactCheckCreateT): void {
  const { rating_value: value, best_rating: best, worst_rating: worst } = input;
  const issues: { in: 'body'; pointer: string; message: string }[] = [];
  if (worst != null && best != null && worst > best) issues.push({ in: 'body', pointer: '/worst_rating', message: `is above best_rating (${best})` });
  if (value != null && best != null && value > best) issues.push({ in: 'body', pointer: '/rating_value', message: `is above best_rating (${best})` });
  if (value != null && worst != null && value < worst) issues.push({ in: 'body', pointer: '/rating_value', message: `is below worst_rating (${worst})` });
  if (issues.length > 0) throw unprocessable('the rating does not fit its scale: worst_rating <= rating_value <= best_rating', issues);
}

export function createFactChecksRepository(db: Db, claimLifecycle: Lifecycle<ClaimT>) {
  const find = (claimId: string, id: string) =>
    db.select().from(factChecks).where(and(eq(factChecks.claimId, claimId), eq(factChecks.id, id))).get();
  const touch = (claimId: string, at: string) => db.update(claims).set({ updatedAt: at }).where(eq(claims.id, claimId)).run();

  /** The claim must exist (404) and be live (410); cheap, for checking before a request body is read. */
  function requireClaim(claimId: string): void {
    const state = claimLifecycle.state(claimId);
    if (state === 'missing') throw notFound('claim', claimId);
    if (state === 'deleted') throw gone('claim', claimId);
  }

  return {
    requireClaim,

    list(claimId: string): FactCheckT[] {
      requireClaim(claimId);
      // Oldest first, as a claim's document embeds them (claim-documents.ts).
      return db.select().from(factChecks).where(eq(factChecks.claimId, claimId)).orderBy(asc(factChecks.createdAt), asc(factChecks.id)).all().map(toApi);
    },

    get(claimId: string, id: string): FactCheckT {
      requireClaim(claimId);
      const row = find(claimId, id);
      if (!row) throw missing(claimId, id);
      return toApi(row);
    },

    /**
     * Attaches a fact-check; one per url on a claim (409 names the existing one). `meta` is for
     * imports: the fact-check's id and created_at, and the claim's updated_at after the change.
     */
    create(claimId: string, input: FactCheckCreateT, by: Principal | null, meta: CreateMeta = {}): FactCheckT {
      const url = normaliseUrl(input.url);
      if (url === null) throw invalid([{ in: 'body', pointer: '/url', message: 'must be an absolute http or https URL' }]);
      checkScale(input);
      return writeTransaction(db, () => {
        const before = claimLifecycle.getLive(claimId);
        const existing = db.select({ id: factChecks.id }).from(factChecks)
          .where(and(eq(factChecks.claimId, claimId), eq(factChecks.url, url))).get();
        if (existing) throw conflict(`claim ${claimId} already has the fact-check at ${url}`, { existing_id: existing.id });
        const now = new Date().toISOString();
        const row = db.insert(factChecks).values({
          id: meta.id ?? newId('factCheck'), claimId, publisher: input.publisher.trim(), url, rating: input.rating.trim(),
          ratingKey: fold(input.rating), ratingValue: input.rating_value ?? null, bestRating: input.best_rating ?? null,
          worstRating: input.worst_rating ?? null, reviewedOn: input.reviewed_on ?? null, createdAt: meta.created_at ?? now,
        }).returning().get();
        touch(claimId, meta.updated_at ?? now);
        recordRevision(db, { type: 'claim', id: claimId, action: 'update', by, before, after: claimLifecycle.getLive(claimId) });
        return toApi(row);
      });
    },

    /** Detaches a fact-check; the claim's revision keeps it in `before`. */
    remove(claimId: string, id: string, by: Principal | null): void {
      writeTransaction(db, () => {
        const before = claimLifecycle.getLive(claimId);
        if (!find(claimId, id)) throw missing(claimId, id);
        db.delete(factChecks).where(eq(factChecks.id, id)).run();
        touch(claimId, new Date().toISOString());
        recordRevision(db, { type: 'claim', id: claimId, action: 'update', by, before, after: claimLifecycle.getLive(claimId) });
      });
    },
  };
}

export type FactChecksRepository = ReturnType<typeof createFactChecksRepository>;
