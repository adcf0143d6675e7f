import { sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';
import { stripeRequestSlots } from '../schema';

/** A request never answered (its process died) frees its slot after this long: past the SDK's timeout. */
export const SLOT_IN_FLIGHT_SECONDS = 30;

/**
 * Grants Stripe request slots from the budget every process shares (`stripe_request_grant`,
 * migration 0021): `granted[i]` is the slot of `endpoints[i]`, or null when the budget is full
 * (ask again in `retryMs`).
 */
export async function grantStripeRequestSlots(
  db: Database,
  endpoints: string[],
  limits: { account: number; endpoint: number },
): Promise<{ granted: (number | null)[]; retryMs: number }> {
  const rows = rowsOf<{ item: number; slot_id: string | number | null; retry_ms: number | null }>(
    await db.execute(sql`select item, slot_id, retry_ms from stripe_request_grant(
      array(select e from jsonb_array_elements_text(${JSON.stringify(endpoints)}::jsonb) with ordinality as t(e, n) order by n),
      ${Math.floor(limits.account)}::integer, ${Math.floor(limits.endpoint)}::integer, ${SLOT_IN_FLIGHT_SECONDS}::double precision)`),
  );
  const granted: (number | null)[] = endpoints.map(() => null);
  let retryMs = 1000;
  for (const row of rows) {
    if (Number(row.item) === 0) retryMs = Number(row.retry_ms ?? 1000);
    else granted[Number(row.item) - 1] = Number(row.slot_id);
  }
  return { granted, retryMs };
}

/** The slots' requests were answered: each leaves the window a second from now. */
export async function releaseStripeRequestSlots(db: Database, slots: number[]): Promise<void> {
  if (slots.length === 0) return;
  await db.execute(sql`update ${stripeRequestSlots} set ended_at = clock_timestamp()
    where id in (select (jsonb_array_elements_text(${JSON.stringify(slots)}::jsonb))::bigint) and ended_at is null`);
}

/** Slots held right now (in flight or answered within the last second), for tests and metrics. */
export async function countHeldStripeRequestSlots(db: Database): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(
    await db.execute(sql`select count(*) as n from ${stripeRequestSlots}
      where ended_at is null or ended_at > clock_timestamp() - interval '1 second'`),
  );
  return Number(row?.n ?? 0);
}
