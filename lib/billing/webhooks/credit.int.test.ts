import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findCustomerCredit } from '@/db/queries/customers';
import { invoices, payments, plans, prices, subscriptions } from '@/db/schema';
import { seedUser, uniqueSuffix } from '@/db/seed/factories';
import { nextPaymentAfterCredit } from '@/app/(account)/account/(sections)/subscription/describe';
import { payHostedCheckout, setupSandbox } from '@/tests/support/billing-harness';
import { setupTestDb } from '@/tests/support/test-db';
import { control, eventually, settleDeliveries, setupWebhookReceiver } from '@/tests/support/webhook-harness';
import { createCheckoutSession } from '../checkout';
import { previewIntervalSwitch, switchSubscriptionInterval } from '../subscription-actions';

// The money bug seen in the browser: yearly → monthly promised "the remaining credit pays toward
// your next invoices", the page said "Next payment $19.00" and the renewal charged the card.
// Now the credit is on the customer's balance (Stripe and our mirror), the page subtracts it,
// and the renewal it covers charges nothing.

const getDb = setupTestDb();
const getStripe = setupSandbox();
setupWebhookReceiver(getDb, getStripe);
const DAY = 24 * 60 * 60;

describe('credit from a downgrade', () => {
  it('lands on the balance, is shown, and pays the next renewals instead of the card', async () => {
    const { db } = getDb();
    const { sandbox } = getStripe();
    const suffix = uniqueSuffix();
    const [plan] = await db.insert(plans).values({ slug: `all-access-${suffix}`, name: `All-Access ${suffix}`, description: 'Every course.' }).returning();
    await db.insert(prices).values([
      { planId: plan!.id, type: 'recurring', interval: 'month', currency: 'usd', unitAmount: 1900, lookupKey: `plan:${suffix}:usd:month` },
      { planId: plan!.id, type: 'recurring', interval: 'year', currency: 'usd', unitAmount: 19000, lookupKey: `plan:${suffix}:usd:year` },
    ]);
    const seeded = await seedUser(db);
    const user = { id: seeded.id, email: seeded.email, name: seeded.name };
    const { url } = await createCheckoutSession(db, user, { kind: 'plan', planSlug: plan!.slug, interval: 'year', currency: 'usd', attemptId: randomUUID() });
    await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
    const sub = await eventually(async () => {
      const [row] = await db.select().from(subscriptions).where(eq(subscriptions.userId, user.id));
      return row?.status === 'active' ? row : null;
    });
    await settleDeliveries(sandbox);

    const preview = await previewIntervalSwitch(db, user, { subscriptionId: sub.id, interval: 'month' });
    expect(preview.total).toBeLessThan(0);
    const promised = -preview.total;
    await switchSubscriptionInterval(db, user, { subscriptionId: sub.id, interval: 'month', prorationDate: preview.prorationDate, attemptId: randomUUID() });
    await settleDeliveries(sandbox);

    // The credit the switch promised is on the balance, here as at Stripe.
    const credit = await eventually(async () => {
      const found = await findCustomerCredit(db, user.id);
      return found && found.amount === promised ? found : null;
    });
    expect(credit).toEqual({ amount: promised, currency: 'usd' });
    // What the subscription page shows as the next payment.
    expect(nextPaymentAfterCredit({ unitAmount: 1900, currency: 'usd' }, credit)).toEqual({ charged: 0, creditUsed: 1900, creditLeft: promised - 1900 });

    // The first monthly renewal is paid from credit: nothing charged to the card.
    const paymentsBefore = (await db.select().from(payments).where(eq(payments.userId, user.id))).length;
    await control(sandbox, 'clock/advance', { seconds: 32 * DAY });
    await settleDeliveries(sandbox);
    const renewal = await eventually(async () => {
      const rows = await db.select().from(invoices).where(eq(invoices.userId, user.id));
      return rows.find((i) => i.billingReason === 'subscription_cycle' && i.status === 'paid') ?? null;
    });
    expect(renewal).toMatchObject({ total: 1900, amountDue: 0, amountPaid: 0, startingBalance: -promised, endingBalance: -(promised - 1900) });
    expect((await db.select().from(payments).where(eq(payments.userId, user.id))).length).toBe(paymentsBefore);
    await eventually(async () => (await findCustomerCredit(db, user.id))?.amount === promised - 1900);
    expect((await db.select().from(subscriptions).where(eq(subscriptions.id, sub.id)))[0]?.status).toBe('active');
  }, 120_000);
});
