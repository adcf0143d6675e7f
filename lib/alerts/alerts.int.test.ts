import { randomUUID } from 'node:crypto';
import { and, eq, inArray, like } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { adminAlerts, auditLog, outbox, payments, stripeEvents } from '@/db/schema';
import { seedUser } from '@/db/seed/factories';
import { ActionRefusal } from '@/lib/actions/refusal';
import { payHostedCheckout, setupSandbox, startCoursePurchase } from '@/tests/support/billing-harness';
import { setupTestDb } from '@/tests/support/test-db';
import { eventually, settleDeliveries, setupWebhookReceiver } from '@/tests/support/webhook-harness';
import { acknowledgeAlert } from './acknowledge';
import { type AlertDelivery, raiseAdminAlert, sendAlertDigest, watchWebhooks } from './alerts';

const getDb = setupTestDb();
const getStripe = setupSandbox();
setupWebhookReceiver(getDb, getStripe);

const admins = ['owner@bursar.test', 'ops@bursar.test'];
const delivery = (mode: AlertDelivery['mode']): AlertDelivery => ({ mode, admins, digestHour: 8, lagSeconds: 300, appUrl: 'https://shop.example' });
const alertsLike = (prefix: string) => getDb().db.select().from(adminAlerts).where(like(adminAlerts.dedupeKey, `${prefix}%`));
const mailLike = (prefix: string) => getDb().db.select().from(outbox).where(like(outbox.dedupeKey, `${prefix}%`));

afterEach(async () => {
  // Leave no dead or waiting event behind for the next test's watcher.
  await getDb().db.delete(stripeEvents).where(like(stripeEvents.id, 'evt_test_alerts_%'));
});

describe('admin alerts', () => {
  it('a raised alert is stored once and emailed once to each admin, however often it is raised', async () => {
    const { db } = getDb();
    const key = `test-${randomUUID()}`;
    const alert = { kind: 'refund_failed' as const, dedupeKey: key, title: 'Refund failed: $10.00', detail: 'expired card', href: '/admin/refunds' };
    expect(await raiseAdminAlert(db, alert, delivery('immediate'))).toBe(true);
    expect(await raiseAdminAlert(db, alert, delivery('immediate'))).toBe(false);
    expect(await alertsLike(key)).toHaveLength(1);
    const mail = await mailLike(`admin-alert:${key}`);
    expect(mail.map((m) => m.recipient).sort()).toEqual([...admins].sort());
    expect(mail[0]?.data).toMatchObject({ title: 'Refund failed: $10.00', url: 'https://shop.example/admin/refunds' });
    // Dashboard only: stored, nothing emailed.
    const quiet = `test-${randomUUID()}`;
    await raiseAdminAlert(db, { ...alert, dedupeKey: quiet }, delivery('off'));
    expect(await mailLike(`admin-alert:${quiet}`)).toHaveLength(0);
  });

  it('digest mode: one email per admin per day, after the digest hour, with every alert raised before it, once', async () => {
    const { db } = getDb();
    const tag = randomUUID();
    const day = new Date('2031-03-04T00:00:00Z');
    const at = (hour: number, minute = 0) => new Date(day.getTime() + hour * 3_600_000 + minute * 60_000);
    for (const [i, hour] of [[1, 2], [2, 6]] as const) {
      await raiseAdminAlert(db, { kind: 'payout_failed', dedupeKey: `digest-${tag}-${i}`, title: `Payout failed ${i}`, at: at(hour) }, delivery('digest'));
    }
    expect(await mailLike(`admin-alert:digest-${tag}`)).toHaveLength(0);
    expect(await sendAlertDigest(db, at(7, 59), delivery('digest'))).toEqual({ digested: 0 });
    const first = await sendAlertDigest(db, at(8, 5), delivery('digest'));
    expect(first.digested).toBeGreaterThanOrEqual(2);
    // Raised after the digest hour: waits for tomorrow's; a second run today sends nothing new.
    await raiseAdminAlert(db, { kind: 'payout_failed', dedupeKey: `digest-${tag}-3`, title: 'Payout failed 3', at: at(9) }, delivery('digest'));
    expect(await sendAlertDigest(db, at(10), delivery('digest'))).toEqual({ digested: 0 });
    const digests = await mailLike('admin-alert-digest:2031-03-04:');
    expect(digests.map((m) => m.recipient).sort()).toEqual([...admins].sort());
    const titles = (digests[0]?.data as { alerts: { title: string }[] }).alerts.map((a) => a.title);
    expect(titles).toEqual(expect.arrayContaining(['Payout failed 1', 'Payout failed 2']));
    expect(titles).not.toContain('Payout failed 3');
    expect(await sendAlertDigest(db, new Date(at(8).getTime() + 86_400_000), delivery('digest'))).toMatchObject({ digested: 1 });
  });

  it('watches the webhook pipeline: one alert per newly dead-lettered event, one per hour of lag', async () => {
    const { db } = getDb();
    const now = new Date();
    const event = (id: string, status: 'dead' | 'received', receivedAt: Date) => ({
      id,
      type: 'charge.updated',
      lane: `pi_${id}`,
      stripeCreatedAt: receivedAt,
      receivedAt,
      status,
      payload: { id, object: 'event' },
    });
    await db.insert(stripeEvents).values(event('evt_test_alerts_dead1', 'dead', new Date(now.getTime() - 60_000)));
    expect((await watchWebhooks(db, now, delivery('off'))).raised).toBe(1);
    expect((await watchWebhooks(db, now, delivery('off'))).raised).toBe(0);
    await db.insert(stripeEvents).values(event('evt_test_alerts_dead2', 'dead', now));
    expect((await watchWebhooks(db, now, delivery('off'))).raised).toBe(1);
    expect((await alertsLike('webhooks-dead:evt_test_alerts_dead')).map((a) => a.dedupeKey).sort()).toEqual([
      'webhooks-dead:evt_test_alerts_dead1',
      'webhooks-dead:evt_test_alerts_dead2',
    ]);

    await db.insert(stripeEvents).values(event('evt_test_alerts_late', 'received', new Date(now.getTime() - 20 * 60_000)));
    const lagAt = new Date('2031-05-06T10:15:00Z');
    expect((await watchWebhooks(db, lagAt, delivery('off'))).raised).toBeGreaterThanOrEqual(1);
    expect((await watchWebhooks(db, new Date('2031-05-06T10:45:00Z'), delivery('off'))).raised).toBe(0);
    expect(await alertsLike('webhooks-lag:2031-05-06T10')).toHaveLength(1);
  });

  it('acknowledging is audited, once; a second click is refused and writes nothing', async () => {
    const { db } = getDb();
    const admin = await seedUser(db, { role: 'admin' });
    const key = `test-${randomUUID()}`;
    await raiseAdminAlert(db, { kind: 'payout_failed', dedupeKey: key, title: 'Payout failed' }, delivery('off'));
    const [alert] = await alertsLike(key);
    expect(await acknowledgeAlert(db, admin, { alertId: alert!.id })).toEqual({ acknowledged: true });
    await expect(acknowledgeAlert(db, admin, { alertId: alert!.id })).rejects.toBeInstanceOf(ActionRefusal);
    await expect(acknowledgeAlert(db, admin, { alertId: randomUUID() })).rejects.toBeInstanceOf(ActionRefusal);
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.entityId, alert!.id), eq(auditLog.action, 'alert.acknowledged')));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorType: 'admin', actorUserId: admin.id });
  });

  it('a dispute opened at Stripe alerts the admins once, with its deadline and a link to answer it', async () => {
    const { db } = getDb();
    const { sandbox } = getStripe();
    const { user, url } = await startCoursePurchase(db);
    await payHostedCheckout(url, { method: 'card', cardNumber: '4000000000000259' });
    const payment = await eventually(async () => (await db.select().from(payments).where(eq(payments.userId, user.id)))[0]);
    const [alert] = await eventually(async () => {
      const rows = await db.select().from(adminAlerts).where(eq(adminAlerts.kind, 'dispute_opened'));
      const mine = rows.filter((r) => r.detail?.includes('Respond by'));
      return mine.length > 0 ? mine : null;
    }, 30_000);
    await settleDeliveries(sandbox);
    expect(alert?.title).toMatch(/^Dispute opened: \$\d+\.\d\d \(/);
    expect(alert?.href).toMatch(/^\/admin\/disputes\/[0-9a-f-]{36}$/);
    expect(payment).toBeTruthy();
    const again = await db.select().from(adminAlerts).where(inArray(adminAlerts.dedupeKey, [alert!.dedupeKey]));
    expect(again).toHaveLength(1);
  }, 60_000);
});
