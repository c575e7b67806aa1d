// Cursor pagination: the cursor is the sort key of the last row served, opaque to clients.
import { invalid } from '../plugins/errors.js';

export type CursorKey = (string | number | null)[];

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor with `arity` key parts; a 400 problem for anything else. */
export function decodeCursor(cursor: string | undefined, arity: number): CursorKey | null {
  if (cursor === undefined) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((k) => k === null || typeof k === 'string' || typeof k === 'number')) {
      return key as CursorKey;
    }
  } catch {
    // fall through to the problem below
  }
  throw invalid([{ in: 'query', pointer: '/cursor', message: 'is not a valid cursor for this list' }]);
}

/** Trims the extra row fetched to detect a next page and makes the cursor from the last row kept. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey): Page<T> {
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return { data, next_cursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
