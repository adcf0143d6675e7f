import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { captureLogs } from '@/tests/support/logs';
import { auditLog, payments, sessions, subscriptions, users } from '@/db/schema';
import { seedUser } from '@/db/seed/factories';
import { seedDemo } from '@/db/seed/demo';
import { setupTestDb } from '@/tests/support/test-db';
import { createCheckoutSession } from '@/lib/billing/checkout';
import { fulfillCheckout } from '@/lib/billing/fulfillment';
import { payHostedCheckout, setupSandbox } from '@/tests/support/billing-harness';
import { deleteAccount } from './delete-account';
import { profileNameSchema } from './profile-name';
import { updateNotificationSettings, updateProfileName } from './settings';

const getDb = setupTestDb();
const getStripe = setupSandbox();

async function subscriber() {
  const { db } = getDb();
  await seedDemo(db);
  const user = await seedUser(db);
  const { url, sessionId } = await createCheckoutSession(db, { id: user.id, email: user.email, name: user.name }, { kind: 'plan', planSlug: 'all-access', interval: 'month', currency: 'usd', attemptId: randomUUID() });
  await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
  expect((await fulfillCheckout(db, sessionId)).status).toBe('fulfilled');
  const [sub] = await db.select().from(subscriptions).where(eq(subscriptions.userId, user.id));
  if (!sub) throw new Error('no subscription row');
  return { user, sub };
}

async function fault(path: string, kind: 'error' | 'hang', count = 1) {
  await fetch(`${getStripe().sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path, kind, count, hang_ms: 8000 }) });
}

describe('notification settings', () => {
  it('saves preferences, a normalised phone and SMS opt-in', async () => {
    const { db } = getDb();
    const user = await seedUser(db);
    expect(await updateNotificationSettings(db, user.id, { productNews: 'on', phone: '+1 (415) 555-0100', smsOptIn: 'on' })).toEqual({ ok: true });
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ phone: '+14155550100', smsOptIn: true, emailPreferences: { productNews: true, renewalReminders: false } });
  });

  it('refuses a bad phone or SMS without a phone and writes nothing', async () => {
    const { db } = getDb();
    const user = await seedUser(db);
    const before = (await db.select().from(users).where(eq(users.id, user.id)))[0];
    expect(await updateNotificationSettings(db, user.id, { phone: '555-0100', smsOptIn: 'on' })).toMatchObject({ ok: false, field: 'phone' });
    expect(await updateNotificationSettings(db, user.id, { smsOptIn: 'on' })).toMatchObject({ ok: false, error: 'Add a phone number to get text alerts.' });
    expect(await updateNotificationSettings(db, user.id, { productNews: 'yes please' })).toMatchObject({ ok: false });
    expect((await db.select().from(users).where(eq(users.id, user.id)))[0]).toEqual(before);
    expect(await db.$count(auditLog, eq(auditLog.actorUserId, user.id))).toBe(0);
  });

  it('stores a validated name, and an empty one as no name', async () => {
    const { db } = getDb();
    const user = await seedUser(db);
    await updateProfileName(db, user.id, profileNameSchema.parse('  Ada Lovelace '));
    expect((await db.select().from(users).where(eq(users.id, user.id)))[0]?.name).toBe('Ada Lovelace');
    await updateProfileName(db, user.id, profileNameSchema.parse('   '));
    expect((await db.select().from(users).where(eq(users.id, user.id)))[0]?.name).toBeNull();
  });
});

describe('deleting an account', () => {
  it('ends the subscription at period end in Stripe, anonymises the learner, keeps the ledger', async () => {
    const { db } = getDb();
    const { user, sub } = await subscriber();
    await db.insert(sessions).values({ sessionToken: randomUUID(), userId: user.id, expires: new Date(Date.now() + 86_400_000) });
    const paymentsBefore = await db.$count(payments, eq(payments.userId, user.id));

    expect(await deleteAccount(db, user.id)).toEqual({ ok: true, subscriptionsCanceled: 1 });
    expect((await getStripe().stripe.subscriptions.retrieve(sub.stripeSubscriptionId)).cancel_at_period_end).toBe(true);
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ email: `deleted-${user.id}@deleted.invalid`, name: null, phone: null });
    expect(row?.deletedAt).toBeInstanceOf(Date);
    expect(await db.$count(sessions, eq(sessions.userId, user.id))).toBe(0);
    expect(await db.$count(payments, eq(payments.userId, user.id))).toBe(paymentsBefore);
    expect(await db.$count(auditLog, eq(auditLog.entityId, user.id))).toBe(1);
    expect(await deleteAccount(db, user.id)).toMatchObject({ ok: false });
  });

  it('changes nothing when Stripe fails (500 on every try, then hangs on every try), and the retry works once', async () => {
    const { db } = getDb();
    const { user, sub } = await subscriber();
    const errors = captureLogs().text;
    // An interactive call retries once (same idempotency key) after a 500 or a 5 s timeout; two failures in a row fail it.
    await fault(`/v1/subscriptions/${sub.stripeSubscriptionId}`, 'error', 2);
    expect(await deleteAccount(db, user.id)).toMatchObject({ ok: false });
    await fault(`/v1/subscriptions/${sub.stripeSubscriptionId}`, 'hang', 2);
    expect(await deleteAccount(db, user.id)).toMatchObject({ ok: false });
    expect(errors()).toEqual([expect.stringContaining('Injected fault'), expect.stringContaining('timeout')]);
    expect((await db.select().from(users).where(eq(users.id, user.id)))[0]?.deletedAt).toBeNull();
    expect((await getStripe().stripe.subscriptions.retrieve(sub.stripeSubscriptionId)).cancel_at_period_end).toBe(false);

    expect(await deleteAccount(db, user.id)).toEqual({ ok: true, subscriptionsCanceled: 1 });
    expect((await getStripe().stripe.subscriptions.retrieve(sub.stripeSubscriptionId)).cancel_at_period_end).toBe(true);
  });
});
