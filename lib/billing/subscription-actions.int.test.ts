import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { captureLogs } from '@/tests/support/logs';
import { plans, prices, subscriptions } from '@/db/schema';
import { seedUser, uniqueSuffix } from '@/db/seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import { env } from '@/lib/env';
import { payHostedCheckout, setupSandbox } from '@/tests/support/billing-harness';
import { createCheckoutSession } from './checkout';
import { hasAllAccess } from './course-access';
import { fulfillCheckout } from './fulfillment';
import {
  cancelSubscriptionAtPeriodEnd,
  createBillingPortalSession,
  PROVIDER_UNAVAILABLE,
  previewIntervalSwitch,
  resumeSubscription,
  SubscriptionActionError,
  switchSubscriptionInterval,
} from './subscription-actions';

const getDb = setupTestDb();
const getStripe = setupSandbox();

/** A learner subscribed monthly ($19) to a fresh plan that also sells yearly ($190), through hosted Checkout. */
async function subscribe() {
  const { db } = getDb();
  const suffix = uniqueSuffix();
  const [plan] = await db.insert(plans).values({ slug: `all-access-${suffix}`, name: `All-Access ${suffix}`, description: 'Every course.' }).returning();
  const [monthly, yearly] = await db
    .insert(prices)
    .values([
      { planId: plan!.id, type: 'recurring', interval: 'month', currency: 'usd', unitAmount: 1900, lookupKey: `plan:${suffix}:usd:month` },
      { planId: plan!.id, type: 'recurring', interval: 'year', currency: 'usd', unitAmount: 19000, lookupKey: `plan:${suffix}:usd:year` },
    ])
    .returning();
  const seeded = await seedUser(db);
  const user = { id: seeded.id, email: seeded.email, name: seeded.name };
  const { url, sessionId } = await createCheckoutSession(db, user, { kind: 'plan', planSlug: plan!.slug, interval: 'month', currency: 'usd', attemptId: randomUUID() });
  await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
  expect((await fulfillCheckout(db, sessionId)).status).toBe('fulfilled');
  const sub = await rowOf(user.id);
  expect(sub).toMatchObject({ status: 'active', priceId: monthly!.id, cancelAtPeriodEnd: false });
  return { user, sub, monthly: monthly!, yearly: yearly! };
}

async function rowOf(userId: string) {
  const [row] = await getDb().db.select().from(subscriptions).where(eq(subscriptions.userId, userId));
  if (!row) throw new Error(`no subscription for ${userId}`);
  return row;
}

const remote = (id: string) => getStripe().stripe.subscriptions.retrieve(id);

/** Stripe's record of changes: `customer.subscription.updated` events for one subscription. */
async function updatesOf(stripeSubscriptionId: string): Promise<Stripe.Event[]> {
  const events = await getStripe().stripe.events.list({ type: 'customer.subscription.updated', limit: 100 });
  return events.data.filter((e) => (e.data.object as { id?: string }).id === stripeSubscriptionId);
}

/** The cancel/resume changes Stripe made (activation by the first payment is an update too). */
async function cancellationChanges(stripeSubscriptionId: string): Promise<Stripe.Event[]> {
  return (await updatesOf(stripeSubscriptionId)).filter((e) => e.data.previous_attributes && 'cancel_at_period_end' in e.data.previous_attributes);
}

async function fault(body: { path: string; method?: string; kind: 'error' | 'rate_limit' | 'hang'; count: number; hang_ms?: number }) {
  const response = await fetch(`${getStripe().sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.ok).toBe(true);
}

async function refusal(run: () => Promise<unknown>): Promise<SubscriptionActionError> {
  const error = await run().then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(SubscriptionActionError);
  return error as SubscriptionActionError;
}

describe('subscription self-service against the sandbox', () => {
  it('cancels at period end and resumes: Stripe and our row agree after each, access continues', async () => {
    const { db } = getDb();
    const { user, sub } = await subscribe();

    const canceled = await cancelSubscriptionAtPeriodEnd(db, user, { subscriptionId: sub.id, attemptId: randomUUID() });
    expect(canceled).toMatchObject({ changed: true, cancelAtPeriodEnd: true });
    expect(canceled.currentPeriodEnd?.getTime()).toBe(sub.currentPeriodEnd?.getTime());
    expect((await remote(sub.stripeSubscriptionId)).cancel_at_period_end).toBe(true);
    expect(await rowOf(user.id)).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    // Paid through the period: All-Access stays open until it ends (DESIGN.md "Access rules").
    expect(await hasAllAccess(db, user.id)).toBe(true);

    const resumed = await resumeSubscription(db, user, { subscriptionId: sub.id, attemptId: randomUUID() });
    expect(resumed).toMatchObject({ changed: true, cancelAtPeriodEnd: false });
    expect((await remote(sub.stripeSubscriptionId)).cancel_at_period_end).toBe(false);
    expect(await rowOf(user.id)).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });
    expect(await cancellationChanges(sub.stripeSubscriptionId)).toHaveLength(2);
  });

  it('a double submit of one confirmation form is one change in Stripe', async () => {
    const { db } = getDb();
    const { user, sub } = await subscribe();
    const form = { subscriptionId: sub.id, attemptId: randomUUID() };
    const results = await Promise.all([cancelSubscriptionAtPeriodEnd(db, user, form), cancelSubscriptionAtPeriodEnd(db, user, form)]);
    expect(results.map((r) => r.cancelAtPeriodEnd)).toEqual([true, true]);
    // Later resubmits find the row already canceled and do not call Stripe at all.
    expect(await cancelSubscriptionAtPeriodEnd(db, user, form)).toMatchObject({ changed: false, cancelAtPeriodEnd: true });
    expect(await cancellationChanges(sub.stripeSubscriptionId)).toHaveLength(1);

    // Resumed since; the old cancel form sent again (Back button) is Stripe's replay, not a change.
    await resumeSubscription(db, user, { subscriptionId: sub.id, attemptId: randomUUID() });
    const stale = await refusal(() => cancelSubscriptionAtPeriodEnd(db, user, form));
    expect(stale.message).toBe('This form was already used, so nothing changed. Reload the page and try again.');
    expect((await remote(sub.stripeSubscriptionId)).cancel_at_period_end).toBe(false);
    expect(await rowOf(user.id)).toMatchObject({ cancelAtPeriodEnd: false });
  });

  it('switches monthly → yearly: the preview explains the proration, and the change invoices exactly the previewed amount', async () => {
    const { db } = getDb();
    const { stripe } = getStripe();
    const { user, sub, yearly } = await subscribe();

    const preview = await previewIntervalSwitch(db, user, { subscriptionId: sub.id, interval: 'year' });
    expect(preview).toMatchObject({ interval: 'year', currency: 'usd', newPeriodAmount: 19000 });
    // Minutes into a month: nearly the whole $19 is credited.
    expect(preview.credit).toBeGreaterThan(1890);
    expect(preview.amountDueNow).toBe(19000 - preview.credit);
    expect(preview.lines.filter((l) => l.proration).map((l) => l.amount)).toEqual([-preview.credit]);
    // The preview changed nothing.
    expect((await remote(sub.stripeSubscriptionId)).items.data[0]?.price.id).toBe(sub.stripePriceId);
    expect(await rowOf(user.id)).toMatchObject({ priceId: sub.priceId });

    await switchSubscriptionInterval(db, user, { subscriptionId: sub.id, interval: 'year', prorationDate: preview.prorationDate, attemptId: randomUUID() });
    const after = await rowOf(user.id);
    const [yearlyStripeId] = await db.select({ id: prices.stripePriceId }).from(prices).where(eq(prices.id, yearly.id));
    expect(after).toMatchObject({ status: 'active', priceId: yearly.id, stripePriceId: yearlyStripeId?.id });
    const updated = await stripe.subscriptions.retrieve(sub.stripeSubscriptionId, { expand: ['latest_invoice'] });
    expect(updated.items.data[0]?.price.id).toBe(yearlyStripeId?.id);
    const invoice = updated.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ billing_reason: 'subscription_update', status: 'paid', amount_paid: preview.amountDueNow });
    // The new year runs from the switch.
    expect(after.currentPeriodEnd!.getTime() - after.currentPeriodStart!.getTime()).toBeGreaterThanOrEqual(365 * 86_400_000);

    // And back: the unused year is worth more than a month, so nothing is due and the rest is credit.
    const back = await previewIntervalSwitch(db, user, { subscriptionId: sub.id, interval: 'month' });
    expect(back.credit).toBeGreaterThan(18_990);
    expect(back).toMatchObject({ amountDueNow: 0, newPeriodAmount: 1900, total: 1900 - back.credit });

    // Switching to what it already is is refused before Stripe.
    const again = await refusal(() => previewIntervalSwitch(db, user, { subscriptionId: sub.id, interval: 'year' }));
    expect(again.message).toBe('You are already billed yearly.');
  });

  it("refuses another learner's subscription as not found, with no Stripe call and no write", async () => {
    const { db } = getDb();
    const { sub } = await subscribe();
    const stranger = await seedUser(db);
    const before = await remote(sub.stripeSubscriptionId);
    const updatesBefore = (await updatesOf(sub.stripeSubscriptionId)).length;
    const attempts = [
      () => cancelSubscriptionAtPeriodEnd(db, stranger, { subscriptionId: sub.id, attemptId: randomUUID() }),
      () => resumeSubscription(db, stranger, { subscriptionId: sub.id, attemptId: randomUUID() }),
      () => previewIntervalSwitch(db, stranger, { subscriptionId: sub.id, interval: 'year' }),
      () => switchSubscriptionInterval(db, stranger, { subscriptionId: sub.id, interval: 'year', prorationDate: Math.floor(Date.now() / 1000), attemptId: randomUUID() }),
    ];
    for (const attempt of attempts) {
      const error = await refusal(attempt);
      expect(error.code).toBe('not_found');
      expect(error.message).toBe("We couldn't find that subscription on your account.");
    }
    expect(await remote(sub.stripeSubscriptionId)).toEqual(before);
    expect(await updatesOf(sub.stripeSubscriptionId)).toHaveLength(updatesBefore);
    expect((await getDb().db.select().from(subscriptions).where(eq(subscriptions.id, sub.id)))[0]).toEqual(sub);
    // A stranger with no billing account gets no portal session either.
    expect((await refusal(() => createBillingPortalSession(db, stranger, { attemptId: randomUUID() }))).code).toBe('not_found');
  });

  it('Stripe answering 500 (retries included): a plain error, nothing changed; the retry of the same form is one change', async () => {
    const { db } = getDb();
    const { user, sub } = await subscribe();
    const form = { subscriptionId: sub.id, attemptId: randomUUID() };
    const logs = captureLogs();
    // Two: the call and the SDK's one automatic retry.
    await fault({ path: `/v1/subscriptions/${sub.stripeSubscriptionId}`, method: 'POST', kind: 'error', count: 2 });

    const error = await refusal(() => cancelSubscriptionAtPeriodEnd(db, user, form));
    expect(error).toMatchObject({ code: 'provider_unavailable', message: PROVIDER_UNAVAILABLE });
    // What Stripe said goes to the log (a warning: expected, no stack), not to the learner.
    expect(logs.lines()).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'subscription action: Stripe call failed', kind: 'unavailable', detail: expect.stringContaining('500') }),
    ]);
    expect(JSON.stringify(logs.lines())).not.toContain('"stack"');
    expect((await remote(sub.stripeSubscriptionId)).cancel_at_period_end).toBe(false);
    expect(await rowOf(user.id)).toEqual(sub);

    expect(await cancelSubscriptionAtPeriodEnd(db, user, form)).toMatchObject({ changed: true, cancelAtPeriodEnd: true });
    expect(await cancellationChanges(sub.stripeSubscriptionId)).toHaveLength(1);
  });

  it('Stripe hanging past the action timeout: a plain error, nothing changed; the retry works', async () => {
    const { db } = getDb();
    const { user, sub } = await subscribe();
    const form = { subscriptionId: sub.id, attemptId: randomUUID() };
    await fault({ path: `/v1/subscriptions/${sub.stripeSubscriptionId}`, method: 'POST', kind: 'hang', count: 2, hang_ms: 9_000 });
    const logs = captureLogs();

    const error = await refusal(() => cancelSubscriptionAtPeriodEnd(db, user, form));
    expect(error.message).toBe(PROVIDER_UNAVAILABLE);
    expect(logs.lines()).toEqual([expect.objectContaining({ level: 'warn', kind: 'unavailable', detail: expect.stringMatching(/timeout|timed out/i) })]);
    expect((await remote(sub.stripeSubscriptionId)).cancel_at_period_end).toBe(false);
    expect(await rowOf(user.id)).toEqual(sub);

    expect(await cancelSubscriptionAtPeriodEnd(db, user, form)).toMatchObject({ changed: true, cancelAtPeriodEnd: true });
    expect(await cancellationChanges(sub.stripeSubscriptionId)).toHaveLength(1);
  }, 40_000);

  it('bad input gets a clear error and writes nothing, in Stripe or here', async () => {
    const { db } = getDb();
    const { user, sub } = await subscribe();
    const before = await remote(sub.stripeSubscriptionId);
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => previewIntervalSwitch(db, user, { subscriptionId: sub.id, interval: 'week' }), 'Choose monthly or yearly billing.'],
      [() => switchSubscriptionInterval(db, user, { subscriptionId: sub.id, interval: 'fortnight', prorationDate: 1, attemptId: randomUUID() }), 'Choose monthly or yearly billing.'],
      [() => cancelSubscriptionAtPeriodEnd(db, user, { subscriptionId: sub.id }), 'This form is out of date — reload the page and try again.'],
      [() => resumeSubscription(db, user, { subscriptionId: sub.id, attemptId: '' }), 'This form is out of date — reload the page and try again.'],
      [() => cancelSubscriptionAtPeriodEnd(db, user, { subscriptionId: 'sub_123; drop table', attemptId: randomUUID() }), 'This page is out of date — reload it and try again.'],
      [() => switchSubscriptionInterval(db, user, { subscriptionId: sub.id, interval: 'year', attemptId: randomUUID() }), 'Review the price change again before confirming.'],
      [() => createBillingPortalSession(db, user, {}), 'This form is out of date — reload the page and try again.'],
    ];
    for (const [run, message] of cases) {
      const error = await refusal(run);
      expect(error).toMatchObject({ code: 'invalid_input', message });
    }
    // A proration date from hours ago would buy extra credit: refused as stale.
    const stale = await refusal(() =>
      switchSubscriptionInterval(db, user, { subscriptionId: sub.id, interval: 'year', prorationDate: Math.floor(Date.now() / 1000) - 2 * 3600, attemptId: randomUUID() }),
    );
    expect(stale.code).toBe('stale_preview');
    expect(await remote(sub.stripeSubscriptionId)).toEqual(before);
    expect(await rowOf(user.id)).toEqual(sub);
  });

  it('Manage billing: a Customer Portal session for this learner that returns to the subscription page', async () => {
    const { db } = getDb();
    const { sandbox } = getStripe();
    const { user } = await subscribe();
    const attemptId = randomUUID();
    const { url } = await createBillingPortalSession(db, user, { attemptId });
    expect(url).toMatch(/\/p\/session\/bps_/);
    // A double click opens the same session.
    expect((await createBillingPortalSession(db, user, { attemptId })).url).toBe(url);
    const session = sandbox.sandbox.store.get<{ id: string; object: string; return_url: string; customer: string }>('billing_portal.session', url.split('/').pop() ?? '');
    expect(session?.return_url).toBe(`${env.APP_URL}/account/subscription`);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`${env.APP_URL}/account/subscription`);
  });
});
