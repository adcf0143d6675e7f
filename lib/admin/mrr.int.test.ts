import { desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers, mrrMovements } from '@/db/schema';
import { seedUser } from '@/db/seed/factories';
import { refreshSubscriptionFromStripe } from '@/lib/billing/sync/refresh';
import { setupSandbox } from '@/tests/support/billing-harness';
import { setupTestDb } from '@/tests/support/test-db';

// MRR is counted net of a subscription's recurring discounts, from a real subscription read
// (the sandbox, the real SDK, the sync that keeps mrr_movements).

const getDb = setupTestDb();
const getStripe = setupSandbox();

async function subscribeWith(discounts: Array<{ coupon: string }>) {
  const { db } = getDb();
  const { stripe } = getStripe();
  const learner = await seedUser(db);
  const customer = await stripe.customers.create({ email: learner.email, payment_method: 'pm_card_visa' });
  await db.insert(customers).values({ userId: learner.id, stripeCustomerId: customer.id });
  const pm = (await stripe.paymentMethods.list({ customer: customer.id })).data[0]!;
  const product = await stripe.products.create({ name: 'All-Access' });
  const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2900, recurring: { interval: 'month' } });
  const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id, discounts });
  expect(sub.status).toBe('active');
  const synced = await refreshSubscriptionFromStripe(db, sub.id);
  if (synced.kind !== 'synced') throw new Error('not synced');
  const [last] = await db.select().from(mrrMovements).where(eq(mrrMovements.subscriptionId, synced.subscriptionId)).orderBy(desc(mrrMovements.id)).limit(1);
  return last;
}

describe('MRR from a discounted subscription', () => {
  it('counts a forever percent-off coupon off the monthly amount', async () => {
    const coupon = await getStripe().stripe.coupons.create({ percent_off: 25, duration: 'forever' });
    expect(await subscribeWith([{ coupon: coupon.id }])).toMatchObject({ kind: 'new', mrrAfter: 2175, currency: 'usd' });
  });

  it('counts a repeating amount-off coupon while it lasts', async () => {
    const coupon = await getStripe().stripe.coupons.create({ amount_off: 900, currency: 'usd', duration: 'repeating', duration_in_months: 3 });
    expect(await subscribeWith([{ coupon: coupon.id }])).toMatchObject({ mrrAfter: 2000 });
  });

  it('does not lower MRR for a once coupon (one invoice, not the run rate)', async () => {
    const coupon = await getStripe().stripe.coupons.create({ percent_off: 50, duration: 'once' });
    expect(await subscribeWith([{ coupon: coupon.id }])).toMatchObject({ mrrAfter: 2900 });
  });
});
