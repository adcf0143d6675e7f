import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox, paymentMethods, plans, prices, subscriptions, users } from '@/db/schema';
import { seedUser, uniqueSuffix } from '@/db/seed/factories';
import { createCheckoutSession } from '@/lib/billing/checkout';
import { payHostedCheckout, setupSandbox } from '@/tests/support/billing-harness';
import { setupTestDb } from '@/tests/support/test-db';
import { eventually, settleDeliveries, setupWebhookReceiver } from '@/tests/support/webhook-harness';
import { remindExpiringCards } from './card-expiry';

const getDb = setupTestDb();
const getStripe = setupSandbox();
setupWebhookReceiver(getDb, getStripe);

/** A yearly subscriber whose default card is then replaced by one that expires next month. */
async function yearlySubscriberWithExpiringCard(emailPreferences: Record<string, boolean> = {}) {
  const { db } = getDb();
  const { stripe, sandbox } = getStripe();
  const suffix = uniqueSuffix();
  const [plan] = await db.insert(plans).values({ slug: `all-access-${suffix}`, name: `All-Access ${suffix}`, description: 'Every course.' }).returning();
  await db.insert(prices).values({ planId: plan!.id, type: 'recurring', interval: 'year', currency: 'usd', unitAmount: 19000, lookupKey: `plan:${suffix}:usd:year` });
  const user = await seedUser(db, { emailPreferences });
  const { url } = await createCheckoutSession(db, { id: user.id, email: user.email, name: user.name }, { kind: 'plan', planSlug: plan!.slug, interval: 'year', currency: 'usd', attemptId: randomUUID() });
  await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
  const sub = await eventually(async () => {
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.userId, user.id));
    return row?.status === 'active' ? row : null;
  });
  const customer = (await stripe.subscriptions.retrieve(sub.stripeSubscriptionId)).customer as string;
  const soon = new Date(Date.now() + 40 * 24 * 3600 * 1000);
  const expiring = await stripe.paymentMethods.create({ type: 'card', card: { number: '5555555555554444', exp_month: soon.getUTCMonth() + 1, exp_year: soon.getUTCFullYear(), cvc: '123' } });
  await stripe.paymentMethods.attach(expiring.id, { customer });
  await stripe.customers.update(customer, { invoice_settings: { default_payment_method: expiring.id } });
  await eventually(async () => (await db.select().from(paymentMethods).where(and(eq(paymentMethods.stripePaymentMethodId, expiring.id), eq(paymentMethods.isDefault, true))))[0]);
  await settleDeliveries(sandbox);
  return { user, expiring, soon };
}

const remindersOf = (userId: string) => getDb().db.select().from(outbox).where(and(eq(outbox.userId, userId), eq(outbox.template, 'card-expiring')));

describe('card expiry reminders', () => {
  it('warns once when the default card expires before the renewal, and never when reminders are off', async () => {
    const { db } = getDb();
    const warned = await yearlySubscriberWithExpiringCard();
    const quiet = await yearlySubscriberWithExpiringCard({ renewalReminders: false });

    await remindExpiringCards(db);
    await remindExpiringCards(db);
    const reminders = await remindersOf(warned.user.id);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.data).toMatchObject({ card: 'Mastercard •••• 4444', expires: `${String(warned.soon.getUTCMonth() + 1).padStart(2, '0')}/${warned.soon.getUTCFullYear()}` });
    expect(await remindersOf(quiet.user.id)).toHaveLength(0);

    // A card valid past the renewal is never warned about.
    await db.update(paymentMethods).set({ expYear: new Date().getUTCFullYear() + 5 }).where(eq(paymentMethods.stripePaymentMethodId, warned.expiring.id));
    await db.update(users).set({ emailPreferences: {} }).where(eq(users.id, quiet.user.id));
    await db.update(paymentMethods).set({ expYear: new Date().getUTCFullYear() + 5 }).where(eq(paymentMethods.stripePaymentMethodId, quiet.expiring.id));
    expect((await remindExpiringCards(db)).enqueued).toBe(0);
  }, 120_000);
});
