import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, bigint, integer, text, timestamp } from 'drizzle-orm/pg-core';

// Every timestamp is timestamptz: Stripe speaks Unix seconds (UTC) and our servers may not
// run in UTC, so a zone-less column would silently shift times.
export const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const createdAt = () => tz('created_at').notNull().defaultNow();
export const updatedAt = () =>
  tz('updated_at')
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

// Money is integer minor units (cents, yen) plus a lowercase ISO currency, as Stripe sends it.
export const amount = (name: string) => integer(name);
export const currency = (name = 'currency') => text(name);

/**
 * SQL for a CHECK that keeps a text column inside a fixed set. Text + CHECK rather than a pg
 * enum: adding a value later is a plain constraint swap inside a transaction, while
 * `ALTER TYPE … ADD VALUE` cannot be used in the transaction that adds it.
 * The values are our own constants, never user input, so inlining them is safe.
 */
export function oneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  const list = values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');
  return sql`${column} in (${sql.raw(list)})`;
}

/** The `stripe_read_seq` ticket of the Stripe read this row was last written from (0: never). */
export const syncedVersion = () => bigint('synced_version', { mode: 'number' }).notNull().default(0);

export const isCurrency = (column: AnyPgColumn): SQL => sql`${column} ~ '^[a-z]{3}$'`;
