// Helpers for statements composed with sql-template-tag (the claims list, analysis and network reads).
import { join, raw, type Sql } from 'sql-template-tag';
import type { Db } from './client.js';

/**
 * The values as a parenthesised list of parameters, for IN: `(?, ?, ?)`. No values is `(NULL)`, which nothing is IN
 * (sql-template-tag's join refuses an empty list). Not for NOT IN: nothing is NOT IN (NULL) either.
 */
export const valueList = (values: readonly unknown[]): Sql => (values.length === 0 ? raw('(NULL)') : join(values, ', ', '(', ')'));

/** The rows of a composed statement, prepared by its text (the connection keeps it prepared: db/client.ts). */
export const rowsOf = <T>(db: Db, q: Sql): T[] => db.$client.prepare<unknown[], T>(q.sql).all(...q.values);
/** The first row of a composed statement, or undefined. */
export const rowOf = <T>(db: Db, q: Sql): T | undefined => db.$client.prepare<unknown[], T>(q.sql).get(...q.values);
