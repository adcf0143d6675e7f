import type { Database } from '@/db/client';
import type { PriceRow } from '@/db/queries/catalog';
import {
  findActivePrice,
  findPriceOwner,
  findPriceRowById,
  listArchivedStripePrices,
  type PriceOwnerRef,
  swapActivePrice,
} from '@/db/queries/admin-prices';
import type { PriceInterval } from '@/db/schema/enums';
import { ActionRefusal } from '@/lib/actions/refusal';
import { auditAdminChange } from '@/lib/audit/admin-change';
import { formatMoney, parseMoney } from '@/lib/billing/money';
import { ensureStripeProduct } from '@/lib/billing/stripe-catalog';
import { createPrice } from '@/lib/stripe/catalog';
import { StripeFailure } from '@/lib/stripe/errors';
import { archivePrice, moveLookupKey } from '@/lib/stripe/prices';

export type PriceChange = {
  owner: PriceOwnerRef;
  currency: string;
  /** Null for a course's one-time price; month or year for the plan. */
  interval: PriceInterval | null;
  /** As typed, in major units ("49", "49.00", "4,800"); parsed with Stripe's minor-unit rules. */
  amount: string;
  /** Generated when the form rendered: the new price's id and every idempotency key. */
  attemptId: string;
};

export type PriceChangeResult = { price: PriceRow; replaced: PriceRow | null; retried: boolean };

export const lookupKeyFor = (owner: { kind: 'course' | 'plan'; slug: string }, currency: string, interval: PriceInterval | null) =>
  owner.kind === 'course' ? `course:${owner.slug}:${currency}` : `plan:${owner.slug}:${interval}:${currency}`;

/**
 * Sets the price of a course (one-time) or the plan (per interval) in one currency. A price is
 * never edited in place:
 *
 * 1. Stripe first, outside any transaction: the product (idempotent), then a new Price with the
 *    key `price:<attemptId>`. Nothing local has changed yet; a failure here leaves nothing behind.
 * 2. One transaction: the old row archived, the new row (id = attemptId) inserted, an audit row.
 * 3. After the commit: the lookup key moved onto the new Stripe price (`transfer_lookup_key`)
 *    and the old Stripe price archived. Both are idempotent; if either fails, submitting the same
 *    form again (same attemptId) finds the committed row and finishes them.
 *
 * Subscribers keep the price they subscribed at (Stripe subscriptions reference the old Price,
 * which stays valid while archived) until an admin migrates them (migrateSubscribers).
 */
export async function changePrice(db: Database, adminId: string, change: PriceChange): Promise<PriceChangeResult> {
  const parsed = parseMoney(change.amount, change.currency);
  if (!parsed.ok) throw new ActionRefusal(parsed.error);
  const { amount, currency } = parsed.money;
  const owner = await findPriceOwner(db, change.owner);
  if (!owner) throw new ActionRefusal('That course or plan no longer exists.');
  if ((owner.kind === 'plan') !== (change.interval !== null)) throw new ActionRefusal('Plan prices need a billing interval; course prices have none.');
  const lookupKey = lookupKeyFor(owner, currency, change.interval);

  const existing = await findPriceRowById(db, change.attemptId);
  if (existing) {
    // The same form again: step 2 committed before; finish step 3.
    await finishInStripe(db, change.owner, existing, lookupKey);
    return { price: existing, replaced: null, retried: true };
  }

  const current = await findActivePrice(db, change.owner, currency, change.interval);
  if (current && current.unitAmount === amount) {
    // Already the price (a double submit, a second admin, a retry after a half-finished change):
    // finish any Stripe tidy-up left over and report it as done, changing nothing else.
    if (!current.stripePriceId) throw new ActionRefusal(`The price is already ${formatMoney(parsed.money)}.`);
    await finishInStripe(db, change.owner, current, lookupKey);
    return { price: current, replaced: null, retried: true };
  }

  let stripePriceId: string;
  try {
    const productId = await ensureStripeProduct(db, owner);
    const stripePrice = await createPrice(
      {
        product: productId,
        currency,
        unit_amount: amount,
        ...(change.interval ? { recurring: { interval: change.interval } } : {}),
        metadata: { bursar_price_id: change.attemptId, bursar_owner: `${owner.kind}:${owner.id}` },
      },
      `price:${change.attemptId}`,
    );
    stripePriceId = stripePrice.id;
  } catch (error) {
    if (error instanceof StripeFailure) throw new ActionRefusal(`Stripe did not create the price, so nothing changed: ${error.userMessage}`);
    throw error;
  }

  const { price, replaced } = await db.transaction(async (tx) => {
    await findPriceOwner(tx, change.owner, true); // serialises price changes of one owner
    const old = await findActivePrice(tx, change.owner, currency, change.interval);
    const next = await swapActivePrice(tx, {
      old,
      next: {
        id: change.attemptId,
        courseId: owner.kind === 'course' ? owner.id : null,
        planId: owner.kind === 'plan' ? owner.id : null,
        type: change.interval ? 'recurring' : 'one_time',
        interval: change.interval,
        currency,
        unitAmount: amount,
        stripePriceId,
        lookupKey,
      },
    });
    await auditAdminChange(tx, {
      adminId,
      action: old ? 'price.change' : 'price.create',
      entityType: 'price',
      entityId: next.id,
      before: old ? { priceId: old.id, unitAmount: old.unitAmount, stripePriceId: old.stripePriceId } : null,
      after: { priceId: next.id, unitAmount: next.unitAmount, stripePriceId: next.stripePriceId },
      extra: { owner: `${owner.kind}:${owner.id}`, currency, interval: change.interval },
    });
    return { price: next, replaced: old };
  });
  await finishInStripe(db, change.owner, price, lookupKey);
  return { price, replaced, retried: false };
}

/** Step 3: the lookup key onto the new Stripe price, the old ones archived. Safe to repeat. */
async function finishInStripe(db: Database, owner: PriceOwnerRef, price: PriceRow, lookupKey: string): Promise<void> {
  try {
    if (price.stripePriceId && price.active) await moveLookupKey(price.stripePriceId, lookupKey, `price-lookup:${price.id}`);
    for (const old of await listArchivedStripePrices(db, owner, price.currency, price.interval)) {
      if (old.stripePriceId) await archivePrice(old.stripePriceId, `price-archive:${old.id}`);
    }
  } catch (error) {
    if (error instanceof StripeFailure) {
      throw new ActionRefusal(`The new price is saved and in use; Stripe did not finish tidying up (${error.userMessage}) Submit the same form again to finish.`);
    }
    throw error;
  }
}
