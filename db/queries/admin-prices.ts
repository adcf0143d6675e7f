import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { courses, plans, prices, subscriptions } from '../schema';
import { liveSubscriptionStatuses, type PriceInterval } from '../schema/enums';
import type { PriceRow } from './catalog';

export type PriceOwnerRef = { kind: 'course' | 'plan'; id: string };
export type PriceOwnerRow = { kind: 'course' | 'plan'; id: string; name: string; description: string; stripeProductId: string | null; slug: string };

const ownerColumn = (owner: PriceOwnerRef) => (owner.kind === 'course' ? prices.courseId : prices.planId);
const sameCadence = (interval: PriceInterval | null) => (interval ? eq(prices.interval, interval) : isNull(prices.interval));

/** The course or plan a price belongs to, locked for the rest of the transaction when `lock`. */
export async function findPriceOwner(db: Database, owner: PriceOwnerRef, lock = false): Promise<PriceOwnerRow | null> {
  if (owner.kind === 'course') {
    const query = db.select().from(courses).where(eq(courses.id, owner.id));
    const [row] = lock ? await query.for('update') : await query;
    return row ? { kind: 'course', id: row.id, name: row.title, description: row.summary, stripeProductId: row.stripeProductId, slug: row.slug } : null;
  }
  const query = db.select().from(plans).where(eq(plans.id, owner.id));
  const [row] = lock ? await query.for('update') : await query;
  return row ? { kind: 'plan', id: row.id, name: row.name, description: row.description, stripeProductId: row.stripeProductId, slug: row.slug } : null;
}

export async function findActivePrice(db: Database, owner: PriceOwnerRef, currency: string, interval: PriceInterval | null): Promise<PriceRow | null> {
  const [row] = await db
    .select()
    .from(prices)
    .where(and(eq(ownerColumn(owner), owner.id), eq(prices.currency, currency), sameCadence(interval), eq(prices.active, true)));
  return row ?? null;
}

export async function findPriceRowById(db: Database, id: string): Promise<PriceRow | null> {
  const [row] = await db.select().from(prices).where(eq(prices.id, id));
  return row ?? null;
}

/**
 * The swap, inside the caller's transaction: the old price (if any) is archived and loses its
 * lookup key, and the new one is inserted active with it. The partial unique index (one active
 * price per owner, currency and cadence) makes a concurrent second swap fail instead of leaving two.
 */
export async function swapActivePrice(
  db: Database,
  params: { old: PriceRow | null; next: typeof prices.$inferInsert & { id: string } },
): Promise<PriceRow> {
  if (params.old) await db.update(prices).set({ active: false, lookupKey: null }).where(eq(prices.id, params.old.id));
  const [row] = await db.insert(prices).values(params.next).returning();
  if (!row) throw new Error('swapActivePrice: insert returned no row');
  return row;
}

/** Archived prices of one owner, currency and cadence that Stripe knows (to archive there too). */
export async function listArchivedStripePrices(db: Database, owner: PriceOwnerRef, currency: string, interval: PriceInterval | null): Promise<PriceRow[]> {
  return db
    .select()
    .from(prices)
    .where(and(eq(ownerColumn(owner), owner.id), eq(prices.currency, currency), sameCadence(interval), eq(prices.active, false), isNotNull(prices.stripePriceId)));
}

/** Every price of an owner, active first, then by currency and newest. */
export async function listOwnerPrices(db: Database, owner: PriceOwnerRef): Promise<PriceRow[]> {
  return db
    .select()
    .from(prices)
    .where(eq(ownerColumn(owner), owner.id))
    .orderBy(desc(prices.active), asc(prices.interval), asc(prices.currency), desc(prices.createdAt));
}

export async function findPlanBySlug(db: Database, slug: string) {
  const [row] = await db.select().from(plans).where(eq(plans.slug, slug));
  return row ?? null;
}

/** Live subscriptions per price id (who would be affected by migrating them). */
export async function countLiveSubscriptionsByPrice(db: Database, priceIds: string[]): Promise<Map<string, number>> {
  if (priceIds.length === 0) return new Map();
  const rows = await db
    .select({ priceId: subscriptions.priceId, n: sql<number>`count(*)::int` })
    .from(subscriptions)
    .where(and(inArray(subscriptions.priceId, priceIds), inArray(subscriptions.status, [...liveSubscriptionStatuses])))
    .groupBy(subscriptions.priceId);
  return new Map(rows.flatMap((r) => (r.priceId ? [[r.priceId, Number(r.n)] as const] : [])));
}

/** Live subscriptions on a price, for a migration: Stripe ids only (the change is made in Stripe). */
export async function listLiveSubscriptionsOnPrice(db: Database, priceId: string, limit: number) {
  return db
    .select({ id: subscriptions.id, stripeSubscriptionId: subscriptions.stripeSubscriptionId })
    .from(subscriptions)
    .where(and(eq(subscriptions.priceId, priceId), inArray(subscriptions.status, [...liveSubscriptionStatuses])))
    .orderBy(asc(subscriptions.id))
    .limit(limit);
}
