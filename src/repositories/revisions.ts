// Revisions: every create, update, delete, restore and merge, with who, when, before and after.
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { revisions, type REVISION_ACTIONS, type RESOURCE_TYPES } from '../db/schema.js';
import type { Principal } from './keys.js';
import { pageOf, type Page } from './pagination.js';

export type ResourceType = (typeof RESOURCE_TYPES)[number];
export type RevisionAction = (typeof REVISION_ACTIONS)[number];

export interface RevisionInput {
  type: ResourceType;
  id: string;
  action: RevisionAction;
  by: Principal | null;
  before: unknown;
  after: unknown;
}

/** The insert of a revision: fixed text, so the connection keeps it prepared (db/client.ts). Every write records one. */
const INSERT_REVISION = `INSERT INTO revisions (resource_type, resource_id, action, key_id, key_name, at, "before", "after")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

export function recordRevision(db: Db, r: RevisionInput): void {
  // before and after are JSON text columns, written as JSON.stringify writes them.
  const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
  db.$client.prepare(INSERT_REVISION)
    .run(r.type, r.id, r.action, r.by?.keyId ?? null, r.by?.name ?? null, new Date().toISOString(), json(r.before), json(r.after));
}

export function listRevisions(db: Db, resourceId: string, limit: number, after: number | null): Page<ReturnType<typeof toApi>> {
  const rows = db
    .select()
    .from(revisions)
    .where(and(eq(revisions.resourceId, resourceId), after === null ? undefined : gt(revisions.id, after)))
    .orderBy(asc(revisions.id))
    .limit(limit + 1)
    .all();
  return pageOf(rows.map(toApi), limit, (r) => [r.id]);
}

function toApi(r: typeof revisions.$inferSelect) {
  return {
    id: r.id,
    action: r.action,
    at: r.at,
    by: r.keyName === null ? null : { key_id: r.keyId, name: r.keyName },
    before: (r.before ?? null) as Record<string, unknown> | null,
    after: (r.after ?? null) as Record<string, unknown> | null,
  };
}
