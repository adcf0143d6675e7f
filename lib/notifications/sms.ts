import type { Database } from '@/db/client';
import { twilioConfig } from '@/lib/env';
import { deliverToLocalMailbox } from './local-mailbox';
import { prepareSms } from './sms-text';
import { createTwilioSender, type TwilioConfig } from './twilio';

export type OutgoingSms = { to: string; text: string; tag?: string; idempotencyKey?: string };
export type SentSms = { transport: 'local' | 'twilio'; providerMessageId: string };

/**
 * A send that must not be retried: the number opted out at the carrier (Twilio 21610), or it
 * can never receive texts (not a valid mobile number). The outbox cancels the message.
 */
export class SmsUndeliverable extends Error {
  constructor(
    message: string,
    readonly reason: 'opted_out' | 'invalid_number',
  ) {
    super(message);
    this.name = 'SmsUndeliverable';
  }
}

// Twilio error codes that retrying cannot fix (https://www.twilio.com/docs/api/errors).
const OPTED_OUT_CODES = new Set([21610]);
const INVALID_NUMBER_CODES = new Set([21211, 21612, 21614, 21408]);

let sender: { config: TwilioConfig; send: ReturnType<typeof createTwilioSender> } | null = null;
function twilioSender(config: TwilioConfig) {
  if (sender?.config !== config) sender = { config, send: createTwilioSender(config) };
  return sender.send;
}

/**
 * Delivers an SMS: through Twilio when it is configured, otherwise into the local mailbox as
 * channel 'sms' (where /dev/mailbox and the tests read it). The text is normalised to GSM-7
 * where possible and capped at a few segments (`sms-text.ts`).
 *
 * Twilio's Messages API has no idempotency key: the outbox's claim and lease make a second
 * send happen only when a send succeeded and recording it failed (see worker.ts); the local
 * mailbox dedupes on the key.
 */
export async function sendSms(db: Database, sms: OutgoingSms, config: TwilioConfig | null = twilioConfig): Promise<SentSms> {
  const { text } = prepareSms(sms.text);
  if (config) {
    try {
      const sent = await twilioSender(config)({ to: sms.to, body: text });
      return { transport: 'twilio', providerMessageId: sent.sid };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'number' && OPTED_OUT_CODES.has(code)) throw new SmsUndeliverable(`Twilio ${code}: the recipient has opted out (STOP)`, 'opted_out');
      if (typeof code === 'number' && INVALID_NUMBER_CODES.has(code)) throw new SmsUndeliverable(`Twilio ${code}: the number cannot receive texts`, 'invalid_number');
      throw error;
    }
  }
  const { providerMessageId } = await deliverToLocalMailbox(db, {
    channel: 'sms',
    to: sms.to,
    from: 'Bursar',
    subject: null,
    html: null,
    text,
    tag: sms.tag,
    dedupeKey: sms.idempotencyKey,
  });
  return { transport: 'local', providerMessageId };
}
