import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { customerFirstPayments, customers, enrollments, payments } from '../schema';
import type { PaymentStatus } from '../schema/enums';
import { grantedRow, reactivation } from './enrollments';

export type PaymentRow = typeof payments.$inferSelect;
/** What sync writes on a payments row (everything but its keys and bookkeeping). */
export type PaymentMirror = Omit<typeof payments.$inferInsert, 'id' | 'stripePaymentIntentId' | 'createdAt' | 'updatedAt' | 'syncedVersion' | 'lastEventAt' | 'succeededAt'>;

export async function findPaymentByIntentId(db: Database, stripePaymentIntentId: string): Promise<PaymentRow | null> {
  const [row] = await db.select().from(payments).where(eq(payments.stripePaymentIntentId, stripePaymentIntentId));
  return row ?? null;
}

export async function findPaymentById(db: Database, id: string): Promise<PaymentRow | null> {
  const [row] = await db.select().from(payments).where(eq(payments.id, id));
  return row ?? null;
}

/**
 * The payments row for a PaymentIntent, created if missing, then locked for the rest of the
 * transaction. Insert first: two first events for one intent race on the unique key, not on
 * a lock that does not exist yet, and the loser then locks the winner's row. A row this
 * statement inserted is the caller's alone until commit (`created`: nothing can refer to it
 * yet). When the caller has just seen the row (`exists`), it is only locked: one statement.
 */
export async function lockOrCreatePayment(
  db: Database,
  intent: { id: string; amount: number; currency: string },
  known: { exists?: boolean } = {},
): Promise<{ row: PaymentRow; created: boolean }> {
  const lock = async () => (await db.select().from(payments).where(eq(payments.stripePaymentIntentId, intent.id)).for('update'))[0];
  if (known.exists) {
    const row = await lock();
    if (row) return { row, created: false };
  }
  const [inserted] = await db
    .insert(payments)
    .values({ stripePaymentIntentId: intent.id, amount: intent.amount, currency: intent.currency, status: 'pending' })
    .onConflictDoNothing({ target: payments.stripePaymentIntentId })
    .returning();
  if (inserted) return { row: inserted, created: true };
  const row = await lock();
  if (!row) throw new Error(`payment for ${intent.id} vanished inside its transaction`);
  return { row, created: false };
}

/**
 * A customer link not looked up yet: the `customers` row of this Stripe customer id, resolved
 * inside the write that sets it (a subquery instead of a round trip of its own).
 */
export type CustomerByStripeId = { stripeCustomerId: string };

function customerValue(value: string | null | CustomerByStripeId) {
  if (value === null || typeof value === 'string') return value;
  return sql`(select ${customers.id} from ${customers} where ${customers.stripeCustomerId} = ${value.stripeCustomerId})`;
}

/**
 * Writes what a Stripe read said about a payment, stamped with the read's version; returns the
 * row as written. With `firstPayment` (a captured payment), the same statement also does what
 * `recordFirstPayment` (db/queries/mrr.ts) does for the row as written: the learner's first
 * captured payment, inserted the first time, moved only by an earlier one.
 */
export async function writePaymentMirror(
  db: Database,
  id: string,
  mirror: Omit<PaymentMirror, 'customerId'> & { customerId?: string | null | CustomerByStripeId },
  stamp: { version: number; eventCreatedAt: Date | null; succeeded: boolean; firstPayment?: boolean },
): Promise<PaymentRow> {
  const { customerId, ...rest } = mirror;
  // The CTE sees the row as it was before this update: it writes the values the update writes
  // (the user and currency set here; succeeded_at as the update stamps it: now() is the
  // transaction's time, the same in both).
  const first =
    stamp.firstPayment && mirror.userId && mirror.currency
      ? db.$with('first_payment', {}).as(sql`insert into ${customerFirstPayments} (user_id, payment_id, currency, first_paid_at)
          select ${mirror.userId}, p.id, ${mirror.currency}, ${stamp.succeeded ? sql`coalesce(p.succeeded_at, now())` : sql`p.succeeded_at`}
          from ${payments} as p where p.id = ${id} and ${stamp.succeeded ? sql`true` : sql`p.succeeded_at is not null`}
          on conflict (user_id) do update set payment_id = excluded.payment_id, currency = excluded.currency, first_paid_at = excluded.first_paid_at
          where excluded.first_paid_at < ${customerFirstPayments}.first_paid_at`)
      : null;
  const [row] = await (first ? db.with(first) : db)
    .update(payments)
    .set({
      ...rest,
      ...(customerId === undefined ? {} : { customerId: customerValue(customerId) }),
      succeededAt: stamp.succeeded ? sql`coalesce(${payments.succeededAt}, now())` : sql`${payments.succeededAt}`,
      syncedVersion: sql`greatest(${payments.syncedVersion}, ${stamp.version})`,
      lastEventAt: stamp.eventCreatedAt ? sql`greatest(${payments.lastEventAt}, ${stamp.eventCreatedAt.toISOString()}::timestamptz)` : sql`${payments.lastEventAt}`,
      updatedAt: sql`now()`,
    })
    .where(eq(payments.id, id))
    .returning();
  if (!row) throw new Error(`payment ${id} vanished inside its transaction`);
  return row;
}

/**
 * Inserts the payments row for a PaymentIntent as a read leaves it — what `lockOrCreatePayment`
 * then `writePaymentMirror` write for a row that does not exist yet, in one statement — or
 * nothing when the row exists (null: lock and update it instead). The caller holds the
 * PaymentIntent's lock, so whether the row exists cannot change under the statement. With
 * `firstPayment` and a succeeded payment of a known learner, the first-payment rollup is written
 * in a CTE (the payment's id is chosen here, so the CTE can name it).
 */
export async function insertPaymentIfNew(
  db: Database,
  stripePaymentIntentId: string,
  mirror: Omit<PaymentMirror, 'customerId'> & { customerId?: string | null | CustomerByStripeId },
  stamp: { version: number; eventCreatedAt: Date | null; succeeded: boolean; firstPayment?: boolean },
): Promise<PaymentRow | null> {
  const id = randomUUID();
  const { customerId, ...rest } = mirror;
  const first =
    stamp.firstPayment && stamp.succeeded && mirror.userId && mirror.currency
      ? db.$with('first_payment', {}).as(sql`insert into ${customerFirstPayments} (user_id, payment_id, currency, first_paid_at)
          select ${mirror.userId}, ${id}::uuid, ${mirror.currency}, now()
          where not exists (select 1 from ${payments} where ${payments.stripePaymentIntentId} = ${stripePaymentIntentId})
          on conflict (user_id) do update set payment_id = excluded.payment_id, currency = excluded.currency, first_paid_at = excluded.first_paid_at
          where excluded.first_paid_at < ${customerFirstPayments}.first_paid_at`)
      : null;
  const [row] = await (first ? db.with(first) : db)
    .insert(payments)
    .values({
      ...rest,
      id,
      stripePaymentIntentId,
      ...(customerId === undefined ? {} : { customerId: customerValue(customerId) }),
      succeededAt: stamp.succeeded ? sql`now()` : null,
      syncedVersion: stamp.version,
      lastEventAt: stamp.eventCreatedAt,
    })
    .onConflictDoNothing({ target: payments.stripePaymentIntentId })
    .returning();
  return row ?? null;
}

/** Moves `last_event_at` forward only (a newer event whose read was already applied in this transaction). */
export async function touchPaymentLastEvent(db: Database, id: string, eventCreatedAt: Date): Promise<void> {
  await db
    .update(payments)
    .set({ lastEventAt: sql`greatest(${payments.lastEventAt}, ${eventCreatedAt.toISOString()}::timestamptz)` })
    .where(eq(payments.id, id));
}

/** The links that say whose payment this is. Once set they never change. */
export type PaymentLinks = {
  userId: string | null;
  customerId: string | null | CustomerByStripeId;
  courseId: string | null;
  checkoutSessionId: string | null;
  stripeInvoiceId: string | null;
};

/**
 * Fills the links still missing on a payment, leaving every set one alone; returns the row.
 * A stale read changes no mirrored state, but who the payment belongs to is not stale: an
 * invoice read before the intent's own newer read still knows the payment paid that invoice.
 */
export async function fillPaymentLinks(db: Database, id: string, links: PaymentLinks): Promise<PaymentRow> {
  const fill = <C extends (typeof payments)[keyof PaymentLinks]>(column: C, value: string | null | CustomerByStripeId) => {
    const resolved = customerValue(value);
    return resolved === null ? sql`${column}` : sql`coalesce(${column}, ${resolved})`;
  };
  const [row] = await db
    .update(payments)
    .set({
      userId: fill(payments.userId, links.userId),
      customerId: fill(payments.customerId, links.customerId),
      courseId: fill(payments.courseId, links.courseId),
      checkoutSessionId: fill(payments.checkoutSessionId, links.checkoutSessionId),
      stripeInvoiceId: fill(payments.stripeInvoiceId, links.stripeInvoiceId),
    })
    .where(eq(payments.id, id))
    .returning();
  if (!row) throw new Error(`payment ${id} vanished inside its transaction`);
  return row;
}

export async function setPaymentStatus(db: Database, id: string, status: PaymentStatus): Promise<void> {
  await db.update(payments).set({ status, updatedAt: sql`now()` }).where(eq(payments.id, id));
}

/** Statuses in which a payment still holds the learner's money (it could buy access). */
export const HELD_PAYMENT_STATUSES: PaymentStatus[] = ['succeeded', 'partially_refunded', 'disputed'];

/**
 * Fulfillment's grant of a purchase, decided under the row's lock in one statement: the
 * learner's purchase enrollment for the course is (re)activated for `paymentId` — inserted if
 * missing — unless it is owned elsewhere: active through another payment that still holds the
 * learner's money (or through no payment at all). Then nothing changes and the answer names the
 * payment that keeps it (a second statement, on that rare path only). ON CONFLICT DO UPDATE
 * locks the existing row whether or not its WHERE lets it update, so the decision and the row
 * stay as seen until the transaction ends. Callers hold the purchase lock (lib/billing/locks.ts).
 */
export async function grantPurchaseUnlessOwnedElsewhere(
  db: Database,
  params: { userId: string; courseId: string; paymentId: string },
): Promise<{ granted: true; id: string; created: boolean } | { granted: false; keptPaymentId: string | null }> {
  const held = sql.join(
    HELD_PAYMENT_STATUSES.map((status) => sql`${status}`),
    sql`, `,
  );
  const [row] = await db
    .insert(enrollments)
    .values({ userId: params.userId, courseId: params.courseId, source: 'purchase', status: 'active', paymentId: params.paymentId })
    .onConflictDoUpdate({
      ...reactivation(),
      setWhere: sql`not (${enrollments.status} = 'active' and ${enrollments.paymentId} is distinct from excluded.payment_id
        and (${enrollments.paymentId} is null
             or coalesce((select p.status from ${payments} as p where p.id = ${enrollments.paymentId}) in (${held}), false)))`,
    })
    .returning(grantedRow());
  if (row) return { granted: true, ...row };
  const [kept] = await db
    .select({ paymentId: enrollments.paymentId })
    .from(enrollments)
    .where(and(eq(enrollments.userId, params.userId), eq(enrollments.courseId, params.courseId), eq(enrollments.source, 'purchase')));
  if (!kept) throw new Error('grantPurchaseUnlessOwnedElsewhere: the enrollment that kept the purchase vanished');
  return { granted: false, keptPaymentId: kept.paymentId };
}

export async function countHeldPayments(db: Database, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return db.$count(payments, and(inArray(payments.id, ids), inArray(payments.status, HELD_PAYMENT_STATUSES)));
}
