// Helpers for statements composed with sql-template-tag (the claims list, analysis and network reads).
import { join, raw, type Sql } from 'sql-template-tag';

/**
 * The values as a parenthesised list of parameters, for IN: `(?, ?, ?)`. No values is `(NULL)`, which nothing is IN
 * (sql-template-tag's join refuses an empty list). Not for NOT IN: nothing is NOT IN (NULL) either.
 */
export const valueList = (values: readonly unknown[]): Sql => (values.length === 0 ? raw('(NULL)') : join(values, ', ', '(', ')'));
