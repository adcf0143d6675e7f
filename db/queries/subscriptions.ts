import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { customers, invoices, paymentMethods, subscriptions } from '../schema';
import { liveSubscriptionStatuses, type SubscriptionStatus } from '../schema/enums';

export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type InvoiceRow = typeof invoices.$inferSelect;

export async function findSubscriptionByStripeId(db: Database, stripeSubscriptionId: string): Promise<SubscriptionRow | null> {
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, stripeSubscriptionId));
  return row ?? null;
}

export async function findSubscriptionById(db: Database, id: string): Promise<SubscriptionRow | null> {
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, id));
  return row ?? null;
}

/** A learner's own subscription by our id; another learner's id matches nothing. */
export async function findOwnSubscription(db: Database, userId: string, id: string): Promise<SubscriptionRow | null> {
  const [row] = await db.select().from(subscriptions).where(and(eq(subscriptions.id, id), eq(subscriptions.userId, userId))).limit(1);
  return row ?? null;
}

/** What the access rule reads of a subscription. */
export const accessSubscriptionColumns = {
  status: subscriptions.status,
  currentPeriodStart: subscriptions.currentPeriodStart,
  currentPeriodEnd: subscriptions.currentPeriodEnd,
  cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
  endedAt: subscriptions.endedAt,
};

/** The learner's subscriptions as the access rule needs them. */
export async function listAccessSubscriptions(db: Database, userId: string) {
  return db
    .select(accessSubscriptionColumns)
    .from(subscriptions)
    .where(eq(subscriptions.userId, userId));
}

/** Stripe ids of the learner's subscriptions that still bill and are not yet set to end. */
export async function listRenewingSubscriptionIds(db: Database, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: subscriptions.stripeSubscriptionId })
    .from(subscriptions)
    .where(and(eq(subscriptions.userId, userId), inArray(subscriptions.status, [...liveSubscriptionStatuses]), eq(subscriptions.cancelAtPeriodEnd, false)));
  return rows.map((r) => r.id);
}

export async function markSubscriptionsCancelAtPeriodEnd(db: Database, stripeIds: string[]): Promise<void> {
  if (stripeIds.length === 0) return;
  await db.update(subscriptions).set({ cancelAtPeriodEnd: true, updatedAt: sql`now()` }).where(inArray(subscriptions.stripeSubscriptionId, stripeIds));
}

/**
 * The subscription row, created if missing, then locked. Insert-then-lock, as for payments:
 * a racing first event updates the winner's row. `created` says this call inserted it.
 */
export async function lockOrCreateSubscription(
  db: Database,
  values: { stripeSubscriptionId: string; userId: string; customerId: string; status: SubscriptionStatus },
): Promise<{ row: SubscriptionRow; created: boolean }> {
  const inserted = await db
    .insert(subscriptions)
    // Inserted as `incomplete` with no plan, so the one-live-per-plan index is only checked by
    // the update that follows, which knows whether this one is a duplicate.
    .values({ ...values, status: 'incomplete' })
    .onConflictDoNothing({ target: subscriptions.stripeSubscriptionId })
    .returning({ id: subscriptions.id });
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, values.stripeSubscriptionId)).for('update');
  if (!row) throw new Error(`subscription ${values.stripeSubscriptionId} vanished inside its transaction`);
  return { row, created: inserted.length > 0 };
}

/**
 * The learner's other live subscription to a plan that counts as the original (not itself
 * a duplicate), locked. Two of them at once are what the partial unique index forbids.
 */
export async function lockOtherLiveSubscription(db: Database, params: { userId: string; planId: string; exceptId: string }): Promise<SubscriptionRow | null> {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.userId, params.userId),
        eq(subscriptions.planId, params.planId),
        ne(subscriptions.id, params.exceptId),
        inArray(subscriptions.status, [...liveSubscriptionStatuses]),
        isNull(subscriptions.duplicateOfId),
      ),
    )
    .for('update');
  return row ?? null;
}

export type SubscriptionMirror = Omit<typeof subscriptions.$inferInsert, 'id' | 'stripeSubscriptionId' | 'userId' | 'customerId' | 'createdAt' | 'updatedAt' | 'syncedVersion' | 'lastEventAt' | 'dunningStage'>;

export async function writeSubscriptionMirror(db: Database, id: string, values: SubscriptionMirror, stamp: { version: number; eventCreatedAt: Date | null }): Promise<void> {
  await db
    .update(subscriptions)
    .set({
      ...values,
      syncedVersion: sql`greatest(${subscriptions.syncedVersion}, ${stamp.version})`,
      lastEventAt: stamp.eventCreatedAt ? sql`greatest(${subscriptions.lastEventAt}, ${stamp.eventCreatedAt.toISOString()}::timestamptz)` : sql`${subscriptions.lastEventAt}`,
      updatedAt: sql`now()`,
    })
    .where(eq(subscriptions.id, id));
}

export async function markSubscriptionDuplicate(db: Database, id: string, duplicateOfId: string): Promise<void> {
  await db.update(subscriptions).set({ duplicateOfId, updatedAt: sql`now()` }).where(eq(subscriptions.id, id));
}

export async function findInvoiceByStripeId(db: Database, stripeInvoiceId: string): Promise<InvoiceRow | null> {
  const [row] = await db.select().from(invoices).where(eq(invoices.stripeInvoiceId, stripeInvoiceId));
  return row ?? null;
}

export type InvoiceMirror = Omit<typeof invoices.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'syncedVersion' | 'lastEventAt'>;

/** Upserts an invoice from a Stripe read; an older read than the row's changes nothing. */
export async function upsertInvoiceMirror(db: Database, values: InvoiceMirror, stamp: { version: number; eventCreatedAt: Date | null }): Promise<void> {
  const { stripeInvoiceId: _key, ...updatable } = values;
  await db
    .insert(invoices)
    .values({ ...values, syncedVersion: stamp.version, lastEventAt: stamp.eventCreatedAt })
    .onConflictDoUpdate({
      target: invoices.stripeInvoiceId,
      set: {
        ...updatable,
        syncedVersion: stamp.version,
        lastEventAt: sql`greatest(${invoices.lastEventAt}, excluded.last_event_at)`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${invoices.syncedVersion} <= ${stamp.version}`,
    });
}

/**
 * Renewing subscriptions whose default card expires before the renewal: the card's last valid
 * moment (end of its expiry month) is before the current period's end.
 */
export async function listCardsExpiringBeforeRenewal(db: Database) {
  return db
    .select({
      userId: subscriptions.userId,
      stripeSubscriptionId: subscriptions.stripeSubscriptionId,
      planId: subscriptions.planId,
      renewsAt: subscriptions.currentPeriodEnd,
      stripePaymentMethodId: paymentMethods.stripePaymentMethodId,
      brand: paymentMethods.brand,
      last4: paymentMethods.last4,
      expMonth: paymentMethods.expMonth,
      expYear: paymentMethods.expYear,
    })
    .from(subscriptions)
    .innerJoin(customers, eq(customers.userId, subscriptions.userId))
    .innerJoin(paymentMethods, and(eq(paymentMethods.customerId, customers.id), eq(paymentMethods.isDefault, true), isNull(paymentMethods.detachedAt)))
    .where(
      and(
        inArray(subscriptions.status, ['active', 'trialing']),
        eq(subscriptions.cancelAtPeriodEnd, false),
        isNull(subscriptions.duplicateOfId),
        sql`${paymentMethods.expYear} is not null and ${paymentMethods.expMonth} is not null`,
        sql`make_timestamptz(${paymentMethods.expYear}, ${paymentMethods.expMonth}, 1, 0, 0, 0, 'UTC') + interval '1 month' <= ${subscriptions.currentPeriodEnd}`,
      ),
    );
}
