import { and, desc, eq, sql } from 'drizzle-orm';
import { classifyMrrMovement } from '@/lib/admin/mrr';
import type { Database } from '../client';
import { mrrMovements } from '../schema';

type Change = { subscriptionId: string; userId: string; currency: string; mrr: number; effectiveAt: Date };

/**
 * Records a subscription's new MRR when it differs from the last recorded value. Call it in
 * the transaction that applies the subscription, with the row locked: a replayed or duplicate
 * event finds the value already recorded and writes nothing.
 */
export async function recordSubscriptionMrr(db: Database, change: Change): Promise<void> {
  const [last] = await db
    .select({ currency: mrrMovements.currency, mrrAfter: mrrMovements.mrrAfter })
    .from(mrrMovements)
    .where(eq(mrrMovements.subscriptionId, change.subscriptionId))
    .orderBy(desc(mrrMovements.id))
    .limit(1);
  const current = last ?? { currency: change.currency, mrrAfter: 0 };
  if (current.currency !== change.currency && current.mrrAfter > 0) {
    // A subscription moved currency (rare): it leaves one currency's MRR and joins the other's.
    await appendMovement(db, { ...change, currency: current.currency }, current.mrrAfter, 0);
    await appendMovement(db, change, 0, change.mrr);
    return;
  }
  if (current.mrrAfter === change.mrr) return;
  await appendMovement(db, change, current.mrrAfter, change.mrr);
}

async function appendMovement(db: Database, change: Change, before: number, after: number): Promise<void> {
  if (before === after) return;
  const [customer] = await db
    .select({ mrr: sql<number>`coalesce(sum(${mrrMovements.delta}), 0)::float8`, rows: sql<number>`count(*)::int` })
    .from(mrrMovements)
    .where(and(eq(mrrMovements.userId, change.userId), eq(mrrMovements.currency, change.currency)));
  const customerBefore = Number(customer?.mrr ?? 0);
  const kind = classifyMrrMovement(customerBefore, customerBefore + after - before, Number(customer?.rows ?? 0) > 0);
  if (!kind) return;
  await db.insert(mrrMovements).values({
    subscriptionId: change.subscriptionId,
    userId: change.userId,
    currency: change.currency,
    mrrBefore: before,
    mrrAfter: after,
    delta: after - before,
    kind,
    effectiveAt: change.effectiveAt,
  });
}

/**
 * Remembers a learner's first captured payment (the earliest by `succeeded_at`): inserted the
 * first time, moved only by an earlier one, so replays and out-of-order events converge.
 */
export async function recordFirstPayment(db: Database, paymentId: string): Promise<void> {
  await db.execute(sql`insert into customer_first_payments (user_id, payment_id, currency, first_paid_at)
    select user_id, id, currency, succeeded_at from payments where id = ${paymentId} and user_id is not null and succeeded_at is not null
    on conflict (user_id) do update set payment_id = excluded.payment_id, currency = excluded.currency, first_paid_at = excluded.first_paid_at
    where excluded.first_paid_at < customer_first_payments.first_paid_at`);
}
