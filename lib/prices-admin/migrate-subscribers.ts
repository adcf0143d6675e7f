import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { findActivePrice, findPriceRowById, listLiveSubscriptionsOnPrice } from '@/db/queries/admin-prices';
import { ActionRefusal } from '@/lib/actions/refusal';
import { StripeFailure } from '@/lib/stripe/errors';
import { retrieveSubscription, updateSubscription } from '@/lib/stripe/subscriptions';

/** What the admin picks, stated as Stripe does it (proration_behavior). */
export const prorationChoices = {
  none: 'No proration: the new price applies from the next renewal; nothing is charged or credited now.',
  create_prorations: 'Prorate: the difference for the rest of the current period is added to the next invoice.',
  always_invoice: 'Prorate and invoice now: the difference for the rest of the period is charged (or credited) immediately.',
} as const satisfies Record<Stripe.SubscriptionUpdateParams.ProrationBehavior, string>;
export type ProrationChoice = keyof typeof prorationChoices;

const BATCH = 100;

/**
 * Moves the live subscriptions on an archived plan price to the plan's current price for the
 * same currency and interval, in Stripe, with the stated proration. Our rows follow through the
 * `customer.subscription.updated` webhooks. Each update carries `migrate:<subscription>:<price>`,
 * so running it again (a retry, a double submit) changes nothing twice. At most 100 per run: the
 * page says how many remain.
 */
export async function migrateSubscribers(db: Database, adminId: string, params: { fromPriceId: string; proration: ProrationChoice }) {
  const from = await findPriceRowById(db, params.fromPriceId);
  if (!from?.planId || !from.interval) throw new ActionRefusal('Only All-Access subscribers can be moved to a new price.');
  if (from.active) throw new ActionRefusal('This is the current price already.');
  const to = await findActivePrice(db, { kind: 'plan', id: from.planId }, from.currency, from.interval);
  if (!to?.stripePriceId) throw new ActionRefusal(`There is no current ${from.currency.toUpperCase()} ${from.interval}ly price to move them to.`);

  const subs = await listLiveSubscriptionsOnPrice(db, from.id, BATCH);
  let moved = 0;
  const failed: string[] = [];
  for (const sub of subs) {
    try {
      const stripeSub = await retrieveSubscription(sub.stripeSubscriptionId);
      const item = stripeSub.items.data[0];
      if (!item) continue;
      if (item.price.id !== to.stripePriceId) {
        await updateSubscription(sub.stripeSubscriptionId, { items: [{ id: item.id, price: to.stripePriceId }], proration_behavior: params.proration }, `migrate:${sub.stripeSubscriptionId}:${to.id}`);
      }
      moved += 1;
    } catch (error) {
      if (!(error instanceof StripeFailure)) throw error;
      failed.push(sub.stripeSubscriptionId);
    }
  }
  await appendAudit(db, {
    actorType: 'admin',
    actorUserId: adminId,
    action: 'price.migrate_subscribers',
    entityType: 'price',
    entityId: to.id,
    data: { before: { priceId: from.id, unitAmount: from.unitAmount }, after: { priceId: to.id, unitAmount: to.unitAmount }, proration: params.proration, moved, failed },
  });
  return { moved, failed, toPrice: to };
}
