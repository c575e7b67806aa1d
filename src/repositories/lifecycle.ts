// Soft delete, restore and history, shared by every resource table (each has id, deleted_at, updated_at).
import { getTableName, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/transactions.js';
import { newId, type ResourceKind } from '../domain/ids.js';
import { gone, notFound } from '../plugins/errors.js';
import type { Principal } from './keys.js';
import { decodeCursor } from './pagination.js';
import { listRevisions, recordRevision, type ResourceType } from './revisions.js';

export interface LifecycleSpec<T> {
  type: ResourceType;
  /** How the resource is named in messages, e.g. "claim". */
  label: string;
  table: SQLiteTable;
  /** The API representation of a record, deleted or not; undefined when there is no such id. */
  load(id: string): T | undefined;
  /** Throws a problem when the record may not be deleted (e.g. other records depend on it). */
  beforeDelete?(id: string): void;
  /** Throws a problem when the record may not be restored (e.g. what it refers to is gone). */
  beforeRestore?(record: T): void;
}

export type RecordState = 'missing' | 'deleted' | 'live';

export function createLifecycle<T>(db: Db, spec: LifecycleSpec<T>) {
  // Fixed text per table: the connection keeps it prepared (db/client.ts).
  const stateSql = `SELECT deleted_at FROM "${getTableName(spec.table)}" WHERE id = ?`;
  const state = (id: string): RecordState => {
    const row = db.$client.prepare<[string], { deleted_at: string | null }>(stateSql).get(id);
    return row === undefined ? 'missing' : row.deleted_at === null ? 'live' : 'deleted';
  };
  const setDeleted = (id: string, value: string | null) =>
    db.run(sql`UPDATE ${spec.table} SET deleted_at = ${value}, updated_at = ${new Date().toISOString()} WHERE id = ${id}`);

  const lifecycle = {
    state,
    /** Whether delete and restore can be refused (409, 422), for the API description. */
    guardsDelete: spec.beforeDelete !== undefined,
    guardsRestore: spec.beforeRestore !== undefined,

    /** The live record, or a 404/410 problem. */
    getLive(id: string): T {
      const s = state(id);
      if (s === 'missing') throw notFound(spec.label, id);
      if (s === 'deleted') throw gone(spec.label, id);
      return spec.load(id) as T;
    },

    /** Soft-deletes a live record after `precondition` accepts its current representation. */
    remove(id: string, by: Principal | null, precondition: (current: T) => void = () => {}): void {
      writeTransaction(db, () => {
        const before = lifecycle.getLive(id);
        precondition(before);
        spec.beforeDelete?.(id);
        setDeleted(id, new Date().toISOString());
        recordRevision(db, { type: spec.type, id, action: 'delete', by, before, after: null });
      });
    },

    /** Brings a deleted record back; restoring a live record is a no-op that returns it. */
    restore(id: string, by: Principal | null): T {
      return writeTransaction(db, () => {
        const s = state(id);
        if (s === 'missing') throw notFound(spec.label, id);
        if (s === 'live') return spec.load(id) as T;
        spec.beforeRestore?.(spec.load(id) as T);
        setDeleted(id, null);
        const after = spec.load(id) as T;
        recordRevision(db, { type: spec.type, id, action: 'restore', by, before: null, after });
        return after;
      });
    },

    /** The record's history, deleted or not. */
    revisions(id: string, limit: number, cursor: string | undefined) {
      if (state(id) === 'missing') throw notFound(spec.label, id);
      const key = decodeCursor(cursor, 1);
      return listRevisions(db, id, limit, key === null ? null : Number(key[0]));
    },
  };
  return lifecycle;
}

export type Lifecycle<T> = ReturnType<typeof createLifecycle<T>>;

/** What an import or a restore from a dump may carry over when it creates a record: its id and timestamps. */
export interface CreateMeta {
  id?: string;
  created_at?: string;
  updated_at?: string;
}

/** The id and timestamps of a new record: those given, else a new id and now. */
export function identity(kind: ResourceKind, meta: CreateMeta = {}) {
  const now = new Date().toISOString();
  return { id: meta.id ?? newId(kind), createdAt: meta.created_at ?? now, updatedAt: meta.updated_at ?? meta.created_at ?? now };
}
