/** What `PgliteThreadClient` and the embedded database's thread say to each other. Types only. */

export interface WireQuery {
  op: 'query';
  id: number;
  sql: string;
  params: unknown[];
  rowMode: 'array' | 'object';
  /** Type ids whose values stay Postgres text (drizzle's identity parsers). */
  textTypes: number[];
  /** Runs inside this open transaction; outside any when absent. */
  tx?: number;
}

export type ThreadRequest =
  | WireQuery
  | { op: 'begin'; id: number }
  | { op: 'end'; id: number; tx: number; commit: boolean }
  | { op: 'close'; id: number };

export interface WireError {
  name?: string;
  message: string;
  /** The error's own string and number properties: SQLSTATE `code`, `constraint`, `table`… */
  fields: Record<string, string | number>;
}

/** Id 0 answers the start-up: the database opened, or why it did not. */
export type ThreadReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: WireError };
