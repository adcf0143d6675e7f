import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { heldClaim } from '@/db/queries/outbox';
import { mailboxMessages, outbox } from '@/db/schema';
import { uniqueSuffix } from '@/db/seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import { PurchaseReceiptEmail } from '@/emails/purchase-receipt';
import { claimDueMessages } from './claim';
import { sendEmail } from './email';
import { enqueueNotification } from './outbox';
import { DELIVERY_LEASE_MS, MAX_DELIVERY_ATTEMPTS } from './retry-policy';
import { sendSms } from './sms';
import { deliverDueNotifications, type NotificationTransport, resendNotification } from './worker';

const handle = setupTestDb();
const db = () => handle().db;

const MINUTE = 60_000;
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

async function enqueueReceipt(overrides: { recipient?: string; dedupeKey?: string; channel?: 'email' | 'sms' } = {}) {
  const suffix = uniqueSuffix();
  const params = {
    template: 'purchase-receipt' as const,
    channel: overrides.channel ?? 'email',
    recipient: overrides.recipient ?? `learner-${suffix}@bursar.test`,
    dedupeKey: overrides.dedupeKey ?? `receipt:pi_${suffix}`,
    data: { ...PurchaseReceiptEmail.PreviewProps, receiptNumber: `BRS-${suffix}` },
  };
  await enqueueNotification(db(), params);
  return params;
}

const rowByKey = async (dedupeKey: string) => {
  const [row] = await db().select().from(outbox).where(eq(outbox.dedupeKey, dedupeKey));
  if (!row) throw new Error(`no outbox row ${dedupeKey}`);
  return row;
};
const mailFor = (to: string) => db().select().from(mailboxMessages).where(eq(mailboxMessages.to, to));

/** Throws instead of sending for the first `failures` calls, then delivers normally. */
function flakyTransport(failures: number, message = 'Resend answered 503 Service Unavailable'): NotificationTransport {
  let calls = 0;
  return {
    email: async (database, email) => {
      calls += 1;
      if (calls <= failures) throw new Error(message);
      return sendEmail(database, email);
    },
    sms: sendSms,
  };
}

// Each test leaves nothing due behind, so the next one's worker sees only its own messages.
afterEach(async () => {
  await db().update(outbox).set({ status: 'canceled' }).where(inArray(outbox.status, ['pending', 'sending']));
});

describe('deliverDueNotifications', () => {
  it('delivers one email for a message enqueued twice under one dedupe key', async () => {
    const first = await enqueueReceipt();
    expect((await enqueueNotification(db(), first)).enqueued).toBe(false);
    expect(await db().select().from(outbox).where(eq(outbox.dedupeKey, first.dedupeKey))).toHaveLength(1);

    const report = await deliverDueNotifications(db(), { limit: 10, workerId: 'test' });
    expect(report).toMatchObject({ claimed: 1, sent: 1, retrying: 0, failed: 0 });
    expect(await deliverDueNotifications(db(), { limit: 10, workerId: 'test' })).toMatchObject({ claimed: 0 });

    const mail = await mailFor(first.recipient);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ channel: 'email', subject: 'Your receipt for Practical TypeScript', tag: 'purchase-receipt' });
    expect(mail[0]?.text).toContain('¥4,800');
    const row = await rowByKey(first.dedupeKey);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, providerMessageId: `local_${mail[0]?.id}` });
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it('delivers each message exactly once when two workers race', async () => {
    const messages = await Promise.all(Array.from({ length: 12 }, () => enqueueReceipt()));
    // Small batches in a loop, so the two workers' claims interleave rather than one taking all.
    const drain = async (workerId: string) => {
      let sent = 0;
      for (;;) {
        const report = await deliverDueNotifications(db(), { limit: 3, workerId });
        sent += report.sent;
        if (report.claimed === 0) return sent;
      }
    };
    const [a, b] = await Promise.all([drain('worker-a'), drain('worker-b')]);
    expect(a + b).toBe(12);
    const recipients = messages.map((m) => m.recipient);
    const mail = await db().select().from(mailboxMessages).where(inArray(mailboxMessages.to, recipients));
    expect(mail).toHaveLength(12);
    expect(new Set(mail.map((m) => m.to)).size).toBe(12);
    const rows = await db().select().from(outbox).where(inArray(outbox.recipient, recipients));
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
  });

  it('backs off after a failed send and delivers on a later run', async () => {
    const message = await enqueueReceipt();
    const transport = flakyTransport(2);
    const t0 = new Date();

    expect(await deliverDueNotifications(db(), { limit: 10, workerId: 'w1', now: t0, transport })).toMatchObject({ retrying: 1 });
    let row = await rowByKey(message.dedupeKey);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.lastError).toContain('Resend answered 503');
    // First retry one minute out, ±25 % jitter.
    expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(later(t0, 0.75 * MINUTE).getTime());
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(later(t0, 1.25 * MINUTE).getTime());

    // Not due yet: nothing is claimed, nothing sent.
    expect(await deliverDueNotifications(db(), { limit: 10, workerId: 'w1', now: later(t0, 30_000), transport })).toMatchObject({ claimed: 0 });

    const t1 = later(t0, 2 * MINUTE);
    expect(await deliverDueNotifications(db(), { limit: 10, workerId: 'w1', now: t1, transport })).toMatchObject({ retrying: 1 });
    row = await rowByKey(message.dedupeKey);
    expect(row.attempts).toBe(2);
    expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(later(t1, 1.5 * MINUTE).getTime());
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(later(t1, 2.5 * MINUTE).getTime());

    expect(await deliverDueNotifications(db(), { limit: 10, workerId: 'w1', now: later(t0, 10 * MINUTE), transport })).toMatchObject({ sent: 1 });
    expect(await rowByKey(message.dedupeKey)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(await mailFor(message.recipient)).toHaveLength(1);
  });

  it('parks a message as failed after the last attempt, and an admin can resend it', async () => {
    const message = await enqueueReceipt();
    const broken = flakyTransport(Infinity, 'Resend refused the email: invalid from address');
    let now = new Date();
    for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt += 1) {
      const report = await deliverDueNotifications(db(), { limit: 10, workerId: 'w1', now, transport: broken });
      expect(report).toMatchObject(attempt < MAX_DELIVERY_ATTEMPTS ? { retrying: 1 } : { failed: 1 });
      now = later(now, 3 * 60 * MINUTE); // past any backoff
    }
    const parked = await rowByKey(message.dedupeKey);
    expect(parked).toMatchObject({ status: 'failed', attempts: MAX_DELIVERY_ATTEMPTS });
    expect(parked.lastError).toContain('invalid from address');
    expect(await deliverDueNotifications(db(), { limit: 10, workerId: 'w1', now, transport: broken })).toMatchObject({ claimed: 0 });
    expect(await mailFor(message.recipient)).toHaveLength(0);

    expect(await resendNotification(db(), parked.id)).toEqual({ ok: true });
    expect(await deliverDueNotifications(db(), { limit: 10, workerId: 'w1', now })).toMatchObject({ sent: 1 });
    expect(await mailFor(message.recipient)).toHaveLength(1);
    expect(await resendNotification(db(), parked.id)).toEqual({ ok: false, reason: 'not_failed' });
    expect(await resendNotification(db(), crypto.randomUUID())).toEqual({ ok: false, reason: 'not_found' });
    expect(await resendNotification(db(), 'not-a-uuid')).toEqual({ ok: false, reason: 'not_found' });
  });

  it('never sends twice when the send succeeded but its outcome was lost', async () => {
    const message = await enqueueReceipt();
    let calls = 0;
    // The provider accepts the email, then the connection drops before the worker hears it.
    const lossy: NotificationTransport = {
      email: async (database, email) => {
        const sent = await sendEmail(database, email);
        calls += 1;
        if (calls === 1) throw new Error('socket hang up');
        return sent;
      },
      sms: sendSms,
    };
    const t0 = new Date();
    expect(await deliverDueNotifications(db(), { limit: 10, workerId: 'w1', now: t0, transport: lossy })).toMatchObject({ retrying: 1 });
    expect(await deliverDueNotifications(db(), { limit: 10, workerId: 'w1', now: later(t0, 5 * MINUTE), transport: lossy })).toMatchObject({ sent: 1 });
    const mail = await mailFor(message.recipient);
    expect(mail).toHaveLength(1);
    expect(await rowByKey(message.dedupeKey)).toMatchObject({ status: 'sent', providerMessageId: `local_${mail[0]?.id}` });
  });

  it("takes over a crashed worker's message after its lease, and fences the old worker out", async () => {
    const message = await enqueueReceipt();
    const t0 = new Date();
    // A worker claims the message and dies before sending.
    const [crashed] = await claimDueMessages(db(), { limit: 10, now: t0, leaseUntil: later(t0, DELIVERY_LEASE_MS), workerId: 'crashed' });
    expect(crashed?.dedupeKey).toBe(message.dedupeKey);
    expect(await rowByKey(message.dedupeKey)).toMatchObject({ status: 'sending' });

    expect(await deliverDueNotifications(db(), { limit: 10, workerId: 'w2', now: later(t0, MINUTE) })).toMatchObject({ claimed: 0 });
    const report = await deliverDueNotifications(db(), { limit: 10, workerId: 'w2', now: later(t0, DELIVERY_LEASE_MS + MINUTE) });
    expect(report).toMatchObject({ claimed: 1, sent: 1 });
    expect(await mailFor(message.recipient)).toHaveLength(1);
    expect((await rowByKey(message.dedupeKey)).lastError).toBe('Lease expired; taken over by w2.');

    // The old worker waking up cannot overwrite the outcome: its claim no longer holds.
    if (!crashed) throw new Error('unreachable');
    const stale = await db().update(outbox).set({ status: 'pending' }).where(heldClaim(crashed)).returning({ id: outbox.id });
    expect(stale).toHaveLength(0);
    expect(await rowByKey(message.dedupeKey)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('records a batch of sends together, each with its provider id, and not one whose claim was taken over meanwhile', async () => {
    const messages = [await enqueueReceipt(), await enqueueReceipt(), await enqueueReceipt()];
    const t0 = new Date();
    // The second send is so slow that its lease runs out and another worker claims the message
    // before this batch records it: the batch must leave that claim alone.
    const slow: NotificationTransport = {
      email: async (database, email) => {
        const sent = await sendEmail(database, email);
        if (email.to === messages[1]!.recipient) {
          // What another worker's claim of this one row does (a claim takes every expired lease).
          const taken = await database
            .update(outbox)
            .set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: later(t0, 2 * DELIVERY_LEASE_MS), lastError: 'Lease expired; taken over by w2.' })
            .where(and(eq(outbox.dedupeKey, messages[1]!.dedupeKey), eq(outbox.status, 'sending')))
            .returning({ id: outbox.id });
          expect(taken).toHaveLength(1);
        }
        return sent;
      },
      sms: sendSms,
    };
    expect(await deliverDueNotifications(db(), { limit: 10, workerId: 'w1', now: t0, transport: slow })).toMatchObject({ claimed: 3, sent: 3 });
    for (const [i, message] of messages.entries()) {
      const [mail] = await mailFor(message.recipient);
      const row = await rowByKey(message.dedupeKey);
      if (i === 1) {
        expect(row).toMatchObject({ status: 'sending', attempts: 2, providerMessageId: null, sentAt: null });
      } else {
        expect(row).toMatchObject({ status: 'sent', attempts: 1, providerMessageId: `local_${mail?.id}` });
        expect(row.sentAt).toBeInstanceOf(Date);
      }
    }
  });

  it('delivers the sms channel into the local mailbox as an sms', async () => {
    const message = await enqueueReceipt({ channel: 'sms', recipient: `+1555${Math.floor(Math.random() * 1e7)}` });
    expect(await deliverDueNotifications(db(), { limit: 10, workerId: 'w1' })).toMatchObject({ sent: 1 });
    const [sms] = await mailFor(message.recipient);
    expect(sms).toMatchObject({ channel: 'sms', subject: null, html: null });
    expect(sms?.text).toContain('¥4,800 paid for Practical TypeScript');
    expect(sms?.text).toContain('http://localhost:3000/account/purchases/');
  });

  it('retries a message whose template this worker does not know', async () => {
    const suffix = uniqueSuffix();
    await db().insert(outbox).values({ channel: 'email', template: 'from-a-newer-release', recipient: `x-${suffix}@bursar.test`, dedupeKey: `unknown:${suffix}`, data: {} });
    expect(await deliverDueNotifications(db(), { limit: 10, workerId: 'w1' })).toMatchObject({ retrying: 1 });
    expect((await rowByKey(`unknown:${suffix}`)).lastError).toContain('Unknown notification template "from-a-newer-release"');
  });
});
