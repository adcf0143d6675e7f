import { z } from 'zod';
import type { Database } from '@/db/client';
import { markOutboxAttemptFailed, markOutboxCanceled, markOutboxSentMany, outboxMessageExists, requeueFailedOutboxMessage } from '@/db/queries/outbox';
import { applySmsKeyword, isSmsOptedOut } from '@/db/queries/sms';
import { claimDueMessages, type ClaimedMessage } from './claim';
import { type OutgoingEmail, type SentEmail, sendEmail } from './email';
import { parseNotificationData } from './messages';
import { DELIVERY_LEASE_MS, MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './retry-policy';
import { type OutgoingSms, sendSms, type SentSms, SmsUndeliverable } from './sms';
import { isNotificationTemplate, renderNotification } from './templates';
import { logger } from '@/lib/log';
import { getStoreSettings, type StoreSettings } from '@/lib/settings/store';

/** Where rendered messages go; tests pass a failing one instead of mocking the database. */
export type NotificationTransport = {
  email: (db: Database, email: OutgoingEmail) => Promise<SentEmail>;
  sms: (db: Database, sms: OutgoingSms) => Promise<SentSms>;
};

export const defaultTransport: NotificationTransport = { email: sendEmail, sms: sendSms };

export type DeliverOptions = {
  limit?: number;
  /** Names this worker in lease take-overs and errors (host:pid, "cron", "in-process"…). */
  workerId: string;
  now?: Date;
  transport?: NotificationTransport;
  random?: () => number;
};

export type DeliveryReport = {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  /** Never to be sent: an SMS to a number that opted out (STOP), or that cannot receive texts. */
  canceled: number;
  /** Sent, but recording it failed: the lease expires and a retry re-sends idempotently. */
  unconfirmed: number;
};

type Outcome = keyof Omit<DeliveryReport, 'claimed'>;

/**
 * Delivers due outbox messages: claim (committed), render and send outside any transaction,
 * then record the outcome fenced by the claim. Safe with any number of concurrent workers.
 *
 * A provider call can succeed while recording it fails (crash, lost connection). Then the
 * row stays `sending` until its lease expires and is sent again, with the same idempotency
 * key (`outbox/<id>`): Resend answers a repeated key with the original email, the local
 * mailbox with the original row, so the learner still gets exactly one message.
 *
 * Per batch, the store settings (every email's seller block) are read once, and the sends are
 * recorded together: one statement when the batch ends, or sooner when sending has taken
 * `MARK_FLUSH_MS` since the oldest unrecorded send (a slow provider keeps the window of
 * sent-but-unrecorded messages short; each is re-sent idempotently if it is lost).
 */
export async function deliverDueNotifications(db: Database, options: DeliverOptions): Promise<DeliveryReport> {
  const now = options.now ?? new Date();
  const claimed = await claimDueMessages(db, {
    limit: options.limit ?? 25,
    now,
    leaseUntil: new Date(now.getTime() + DELIVERY_LEASE_MS),
    workerId: options.workerId,
  });
  const report: DeliveryReport = { claimed: claimed.length, sent: 0, retrying: 0, failed: 0, canceled: 0, unconfirmed: 0 };
  const batch: Batch = { seller: undefined, sent: [] };
  // One at a time: a worker's batch is small, and sequential sends keep the provider's rate
  // limits and a shared 2-core box calm. More throughput = more workers (SKIP LOCKED).
  for (const message of claimed) {
    const oldest = batch.sent[0];
    if (oldest && Date.now() - oldest.sentAt.getTime() >= MARK_FLUSH_MS) await recordSends(db, batch, report);
    const outcome = await deliverOne(db, message, batch, { ...options, now });
    if (outcome) report[outcome] += 1;
  }
  await recordSends(db, batch, report);
  return report;
}

/** Sends not recorded longer than this are recorded before the next send (well inside the lease). */
const MARK_FLUSH_MS = 2_000;

type Batch = {
  /** The store settings, read by the batch's first email. */
  seller: StoreSettings | undefined;
  /** Sent, not recorded yet. */
  sent: { claim: ClaimedMessage; providerMessageId: string; sentAt: Date }[];
};

async function recordSends(db: Database, batch: Batch, report: DeliveryReport): Promise<void> {
  const sends = batch.sent.splice(0);
  if (sends.length === 0) return;
  try {
    await markOutboxSentMany(db, sends);
    report.sent += sends.length;
  } catch (error) {
    for (const { claim, providerMessageId } of sends) {
      logger.error({ err: error, outboxId: claim.id, providerMessageId }, 'outbox: sent but not recorded; the lease retry re-sends idempotently');
    }
    report.unconfirmed += sends.length;
  }
}

/** The outcome of one message, or null when it was sent (recorded with its batch by `recordSends`). */
async function deliverOne(db: Database, message: ClaimedMessage, batch: Batch, options: DeliverOptions & { now: Date }): Promise<Outcome | null> {
  const transport = options.transport ?? defaultTransport;
  let providerMessageId: string;
  try {
    // A STOP is checked at send time, not only when the message was queued: it may have
    // arrived in between, and a text to an opted-out number must never be attempted.
    if (message.channel === 'sms' && (await isSmsOptedOut(db, message.recipient))) {
      return cancel(db, message, 'not sent: the number opted out of texts (STOP)');
    }
    providerMessageId = await withTimeout(send(db, message, batch, transport), SEND_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof SmsUndeliverable) {
      if (error.reason === 'opted_out') {
        // The carrier knows of a STOP we never received: remember it for the next messages.
        await applySmsKeyword(db, { phone: message.recipient, action: 'opt_out', keyword: 'carrier', providerMessageId: `outbox/${message.id}`, at: options.now });
      }
      return cancel(db, message, `not sent: ${error.message}`);
    }
    return recordFailure(db, message, error, options);
  }
  batch.sent.push({ claim: message, providerMessageId, sentAt: new Date() });
  return null;
}

// Well inside the lease: a hung provider call becomes an ordinary failed attempt instead of
// stalling this worker. If the call completes after all, the retry reuses its idempotency key.
const SEND_TIMEOUT_MS = 60_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer from the provider within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function send(db: Database, message: ClaimedMessage, batch: Batch, transport: NotificationTransport): Promise<string> {
  const { template } = message;
  // An unknown name is retried, not dropped: during a rolling deploy an older worker may
  // meet a template that only the newer code knows.
  if (!isNotificationTemplate(template)) throw new Error(`Unknown notification template "${template}"`);
  const data = parseNotificationData(template, message.data);
  const rendered = renderNotification(template, data);
  const idempotencyKey = `outbox/${message.id}`;
  if (message.channel === 'sms') {
    return (await transport.sms(db, { to: message.recipient, text: rendered.sms, tag: template, idempotencyKey })).providerMessageId;
  }
  batch.seller ??= await getStoreSettings(db);
  const email = { to: message.recipient, subject: rendered.subject, react: rendered.react, tag: template, idempotencyKey, seller: batch.seller };
  return (await transport.email(db, email)).providerMessageId;
}

async function cancel(db: Database, message: ClaimedMessage, reason: string): Promise<Outcome> {
  await markOutboxCanceled(db, message, reason);
  return 'canceled';
}

async function recordFailure(db: Database, message: ClaimedMessage, error: unknown, options: DeliverOptions & { now: Date }): Promise<Outcome> {
  const parked = message.attempts >= MAX_DELIVERY_ATTEMPTS;
  const reason = error instanceof Error ? error.message : String(error);
  const lastError = `${options.workerId}, attempt ${message.attempts}: ${reason}`.slice(0, 2000);
  const nextAttemptAt = new Date(options.now.getTime() + retryDelayMs(message.attempts, options.random));
  try {
    await markOutboxAttemptFailed(db, message, parked ? { parked: true, lastError } : { parked: false, lastError, nextAttemptAt });
  } catch (recordError) {
    // The lease still expires and the message is retried; nothing is lost.
    logger.error({ err: recordError, outboxId: message.id }, 'outbox: could not record a failed attempt');
  }
  return parked ? 'failed' : 'retrying';
}

export type ResendResult = { ok: true } | { ok: false; reason: 'not_found' | 'not_failed' };

/**
 * Admin action: put a parked (`failed`) message back in the queue with a fresh set of
 * attempts. Only failed messages qualify: a sent one must never be sent again, and a
 * pending or sending one is already on its way. The last error stays for the record.
 */
export async function resendNotification(db: Database, id: string, now: Date = new Date()): Promise<ResendResult> {
  if (!z.uuid().safeParse(id).success) return { ok: false, reason: 'not_found' };
  if (await requeueFailedOutboxMessage(db, id, now)) return { ok: true };
  return { ok: false, reason: (await outboxMessageExists(db, id)) ? 'not_failed' : 'not_found' };
}
