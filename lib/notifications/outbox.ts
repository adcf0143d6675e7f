import type { Database } from '@/db/client';
import { insertOutboxMessage } from '@/db/queries/outbox';
import { findSmsRecipient } from '@/db/queries/sms';
import type { MessageChannel } from '@/db/schema/enums';
import type { NotificationMessages, NotificationTemplate } from './messages';

export type EnqueueParams<T extends NotificationTemplate = NotificationTemplate> = {
  template: T;
  channel?: MessageChannel;
  recipient: string;
  userId?: string | null;
  /** Business key: `receipt:<payment_intent>`, `dunning:<invoice>:<attempt>`… */
  dedupeKey: string;
  data: NotificationMessages[T];
};

/**
 * Enqueues a message in the caller's transaction, so it exists if and only if the state
 * change that caused it commits. A second enqueue with the same dedupe key is a no-op:
 * a replayed webhook can never send a second email. Returns whether this call enqueued it.
 */
export async function enqueueNotification<T extends NotificationTemplate>(db: Database, params: EnqueueParams<T>): Promise<{ enqueued: boolean }> {
  return insertOutboxMessage(db, {
    template: params.template,
    channel: params.channel ?? 'email',
    recipient: params.recipient,
    userId: params.userId ?? null,
    dedupeKey: params.dedupeKey,
    data: params.data as Record<string, unknown>,
  });
}

/**
 * Enqueues a notice by email and, for a learner who opted in to texts (and whose number has
 * not texted STOP), the same notice as an SMS under its own dedupe key. Returns whether a text
 * was queued too.
 */
export async function enqueueWithSms<T extends NotificationTemplate>(db: Database, notice: EnqueueParams<T>): Promise<{ sms: boolean }> {
  await enqueueNotification(db, notice);
  const phone = notice.userId ? await findSmsRecipient(db, notice.userId) : null;
  if (!phone) return { sms: false };
  await enqueueNotification(db, { ...notice, channel: 'sms', recipient: phone, dedupeKey: `${notice.dedupeKey}:sms` });
  return { sms: true };
}
