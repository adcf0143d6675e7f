import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { listSubscriptionInvoicesForAdmin, listSubscriptionsForAdmin } from '@/db/queries/admin-subscriptions';
import { auditLog, customers, invoices, plans, prices, subscriptions } from '@/db/schema';
import { seedUser, uniqueSuffix } from '@/db/seed/factories';
import { refusal } from '@/tests/support/refusal';
import { createCheckoutSession } from '@/lib/billing/checkout';
import { fulfillCheckout } from '@/lib/billing/fulfillment';
import { payHostedCheckout, setupSandbox } from '@/tests/support/billing-harness';
import { setupTestDb } from '@/tests/support/test-db';
import { cancelSubscriptionAsAdmin, DUNNING_MAX_ATTEMPTS, dunningStateOf } from './subscriptions';

const getDb = setupTestDb();
const getStripe = setupSandbox();

/** A learner subscribed monthly through hosted Checkout (the app's own code, the real SDK). */
async function subscribe() {
  const { db } = getDb();
  const suffix = uniqueSuffix();
  const [plan] = await db.insert(plans).values({ slug: `all-access-${suffix}`, name: `All-Access ${suffix}`, description: 'Every course.' }).returning();
  await db.insert(prices).values({ planId: plan!.id, type: 'recurring', interval: 'month', currency: 'usd', unitAmount: 1900, lookupKey: `plan:${suffix}:usd:month` });
  const learner = await seedUser(db);
  const { url, sessionId } = await createCheckoutSession(db, { id: learner.id, email: learner.email, name: learner.name }, { kind: 'plan', planSlug: plan!.slug, interval: 'month', currency: 'usd', attemptId: randomUUID() });
  await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
  expect((await fulfillCheckout(db, sessionId)).status).toBe('fulfilled');
  const [sub] = await db.select().from(subscriptions).where(eq(subscriptions.userId, learner.id));
  return { learner, sub: sub! };
}

describe('admin subscription actions', () => {
  it('cancels at period end through Stripe, once per form, with an audit row', async () => {
    const { db } = getDb();
    const admin = await seedUser(db, { role: 'admin' });
    const actor = { id: admin.id, email: admin.email };
    const { sub } = await subscribe();
    const attemptId = randomUUID();
    const input = { subscriptionId: sub.id, attemptId, when: 'period_end', reason: 'Asked by email' };
    expect(await cancelSubscriptionAsAdmin(db, actor, input)).toEqual({ when: 'period_end', status: 'active' });
    expect((await getStripe().stripe.subscriptions.retrieve(sub.stripeSubscriptionId)).cancel_at_period_end).toBe(true);
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
    expect(row?.cancelAtPeriodEnd).toBe(true);
    // The same form again: already scheduled, nothing sent.
    expect(await refusal(() => cancelSubscriptionAsAdmin(db, actor, input))).toMatch(/already ends/);
    const audits = await db.select().from(auditLog).where(eq(auditLog.entityId, sub.stripeSubscriptionId));
    const mine = audits.filter((a) => a.actorType === 'admin');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ action: 'subscription.cancel_at_period_end', actorUserId: admin.id });
    expect(mine[0]?.data).toMatchObject({ reason: 'Asked by email', before: { status: 'active', cancelAtPeriodEnd: false }, after: { status: 'active', cancelAtPeriodEnd: true } });
  });

  it('cancels now; a canceled subscription cannot be canceled again; bad input changes nothing', async () => {
    const { db } = getDb();
    const admin = await seedUser(db, { role: 'admin' });
    const actor = { id: admin.id, email: admin.email };
    const { sub } = await subscribe();
    expect(await refusal(() => cancelSubscriptionAsAdmin(db, actor, { subscriptionId: sub.id, attemptId: randomUUID(), when: 'tomorrow', reason: 'Fraud' }))).toBe('Choose when the subscription ends.');
    expect(await refusal(() => cancelSubscriptionAsAdmin(db, actor, { subscriptionId: sub.id, attemptId: randomUUID(), when: 'now', reason: '' }))).toMatch(/reason/);
    expect((await getStripe().stripe.subscriptions.retrieve(sub.stripeSubscriptionId)).status).toBe('active');

    expect(await cancelSubscriptionAsAdmin(db, actor, { subscriptionId: sub.id, attemptId: randomUUID(), when: 'now', reason: 'Card testing fraud' })).toEqual({ when: 'now', status: 'canceled' });
    expect((await getStripe().stripe.subscriptions.retrieve(sub.stripeSubscriptionId)).status).toBe('canceled');
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
    expect(row?.status).toBe('canceled');
    expect(await refusal(() => cancelSubscriptionAsAdmin(db, actor, { subscriptionId: sub.id, attemptId: randomUUID(), when: 'now', reason: 'Again' }))).toBe('This subscription is already canceled.');
  });

  it('lists past due first, pages by keyset, and reads the dunning state from the open invoice', async () => {
    const { db } = getDb();
    const suffix = uniqueSuffix();
    const learner = await seedUser(db);
    const [customer] = await db.insert(customers).values({ userId: learner.id, stripeCustomerId: `cus_${suffix}` }).returning();
    const [plan] = await db.insert(plans).values({ slug: `p-${suffix}`, name: 'All-Access', description: 'x' }).returning();
    const make = (status: 'active' | 'past_due' | 'canceled', i: number) =>
      db.insert(subscriptions).values({ stripeSubscriptionId: `sub_${suffix}_${i}`, userId: learner.id, customerId: customer!.id, planId: status === 'canceled' || i === 0 ? plan!.id : null, status, createdAt: new Date(Date.UTC(2030, 0, 1 + i)) }).returning();
    const made = [await make('active', 0), await make('past_due', 1), await make('canceled', 2), await make('active', 3), await make('past_due', 4)].map((r) => r[0]!);
    const mineOnly = <R extends { learnerId: string }>(rows: R[]) => rows.filter((r) => r.learnerId === learner.id);

    const all = mineOnly(await listSubscriptionsForAdmin(db, { cursor: null, direction: 'after', limit: 1000 }));
    expect(all.map((r) => r.status)).toEqual(['past_due', 'past_due', 'active', 'active', 'canceled']);

    // Page through two at a time with the keyset, forwards and back.
    const page1 = await listSubscriptionsForAdmin(db, { status: 'past_due', cursor: null, direction: 'after', limit: 1 });
    const first = page1[0]!;
    const page2 = await listSubscriptionsForAdmin(db, { status: 'past_due', cursor: { rank: first.rank, createdAt: first.createdAt, id: first.id }, direction: 'after', limit: 1 });
    expect(page2[0]?.id).not.toBe(first.id);
    const back = await listSubscriptionsForAdmin(db, { status: 'past_due', cursor: { rank: page2[0]!.rank, createdAt: page2[0]!.createdAt, id: page2[0]!.id }, direction: 'before', limit: 1 });
    expect(back[0]?.id).toBe(first.id);

    const pastDue = made[4]!;
    await db.insert(invoices).values([
      { stripeInvoiceId: `in_${suffix}_a`, stripeSubscriptionId: pastDue.stripeSubscriptionId, subscriptionId: pastDue.id, userId: learner.id, currency: 'usd', subtotal: 1900, total: 1900, amountDue: 1900, amountPaid: 1900, status: 'paid', attemptCount: 1, createdAt: new Date('2030-01-05') },
      { stripeInvoiceId: `in_${suffix}_b`, stripeSubscriptionId: pastDue.stripeSubscriptionId, userId: learner.id, number: 'INV-2', currency: 'usd', subtotal: 1900, total: 1900, amountDue: 1900, status: 'open', attemptCount: 2, nextPaymentAttempt: new Date('2030-02-10T00:00:00Z'), createdAt: new Date('2030-02-05') },
    ]);
    const bills = await listSubscriptionInvoicesForAdmin(db, pastDue);
    expect(bills.map((b) => b.stripeInvoiceId)).toEqual([`in_${suffix}_b`, `in_${suffix}_a`]);
    expect(dunningStateOf(bills)).toEqual({ attempt: 2, of: DUNNING_MAX_ATTEMPTS, nextRetryAt: new Date('2030-02-10T00:00:00Z'), invoiceNumber: 'INV-2', amountDue: 1900, currency: 'usd' });
    expect(dunningStateOf(bills.slice(1))).toBeNull();
  });
});
