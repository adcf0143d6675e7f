import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** `excluded.<column>` inside ON CONFLICT DO UPDATE: the row we tried to insert. */
export const excluded = (column: AnyPgColumn): SQL => sql`excluded.${sql.identifier(column.name)}`;

/**
 * `SET` values and a `WHERE` that make an upsert a no-op when nothing changed, so reseeding
 * leaves rows (and their updated_at) untouched instead of rewriting identical values.
 */
export function changedOnly<K extends string>(columns: Record<K, AnyPgColumn>) {
  const entries = Object.entries(columns) as [K, AnyPgColumn][];
  const set = Object.fromEntries(entries.map(([key, column]) => [key, excluded(column)])) as Record<
    K,
    SQL
  >;
  const current = sql.join(
    entries.map(([, column]) => sql`${column}`),
    sql`, `,
  );
  const incoming = sql.join(
    entries.map(([, column]) => excluded(column)),
    sql`, `,
  );
  return { set, setWhere: sql`(${current}) is distinct from (${incoming})` };
}
