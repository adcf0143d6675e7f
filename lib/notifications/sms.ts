import type { Database } from '@/db/client';
import { deliverToLocalMailbox } from './local-mailbox';

export type OutgoingSms = { to: string; text: string; tag?: string; idempotencyKey?: string };
export type SentSms = { transport: 'local'; providerMessageId: string };

/**
 * Delivers an SMS. For now every SMS lands in the local mailbox as channel 'sms', where
 * /dev/mailbox and the tests read it.
 * TODO(sms-provider): when provider credentials are configured in lib/env.ts (e.g. Twilio's
 * account SID, auth token and sender number), send through the provider here and return its
 * message id; keep passing `idempotencyKey` (or check the provider's own dedupe option) so a
 * retried delivery cannot text the learner twice.
 */
export async function sendSms(db: Database, sms: OutgoingSms): Promise<SentSms> {
  const { providerMessageId } = await deliverToLocalMailbox(db, {
    channel: 'sms',
    to: sms.to,
    from: 'Bursar',
    subject: null,
    html: null,
    text: sms.text,
    tag: sms.tag,
    dedupeKey: sms.idempotencyKey,
  });
  return { transport: 'local', providerMessageId };
}
