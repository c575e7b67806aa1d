// Replaying recorded SQL: the baselines run exactly the statements the API ran for a request, prepared once each.
import type Database from 'better-sqlite3';

/** One statement as Drizzle sent it: the SQL text and its bound parameters. */
export interface Recorded {
  sql: string;
  params: unknown[];
}

/** Runs a request's statements in order with prepared statements cached by their text; returns every row. */
export function createReplayer(sqlite: Database.Database): (statements: Recorded[]) => unknown[] {
  const prepared = new Map<string, Database.Statement>();
  return (statements) => {
    const rows: unknown[] = [];
    for (const s of statements) {
      let statement = prepared.get(s.sql);
      if (statement === undefined) {
        statement = sqlite.prepare(s.sql);
        prepared.set(s.sql, statement);
      }
      for (const row of statement.all(...s.params)) rows.push(row);
    }
    return rows;
  };
}
