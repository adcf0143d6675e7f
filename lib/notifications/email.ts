import type { ReactElement } from 'react';
import { Resend } from 'resend';
import type { Database } from '@/db/client';
import { type EmailSeller, withEmailSeller } from '@/emails/components/seller';
import { emailTransport, env } from '@/lib/env';
import { probeMailbox } from '@/db/queries/mailbox';
import { getStoreSettings } from '@/lib/settings/store';
import { deliverToLocalMailbox } from './local-mailbox';
import { renderEmail } from './render-email';

export type OutgoingEmail = {
  to: string;
  subject: string;
  react: ReactElement;
  tag?: string;
  /**
   * Makes a retried send a no-op: Resend's Idempotency-Key (honoured for 24 hours), or the
   * unique dedupe key of the local mailbox. The outbox worker passes one per message.
   */
  idempotencyKey?: string;
  /**
   * The seller block, when the caller has just read the store settings (the outbox worker reads
   * them once per batch of messages); otherwise they are read here.
   */
  seller?: EmailSeller;
};
export type SentEmail = { transport: 'local' | 'resend'; providerMessageId: string };

/**
 * Renders a React Email template (with the store settings as its seller) and delivers it: through Resend when RESEND_API_KEY is set,
 * otherwise into the local mailbox table that /dev/mailbox (and the tests) read.
 */
export async function sendEmail(db: Database, email: OutgoingEmail): Promise<SentEmail> {
  // The seller block in every email's footer is read at send time (or by the batch sending it):
  // a message queued before the admin edited the store settings still goes out with the current
  // address and support email.
  const react = withEmailSeller(email.react, email.seller ?? (await getStoreSettings(db)));
  const { html, text } = await renderEmail(react);
  if (emailTransport === 'resend') {
    const resend = new Resend(env.RESEND_API_KEY);
    const { data, error } = await resend.emails.send(
      {
        from: env.EMAIL_FROM,
        to: email.to,
        subject: email.subject,
        html,
        text,
        tags: email.tag ? [{ name: 'template', value: email.tag }] : undefined,
      },
      email.idempotencyKey ? { idempotencyKey: email.idempotencyKey } : undefined,
    );
    if (error || !data) throw new Error(`Resend refused the email: ${error?.message ?? 'no response'}`);
    return { transport: 'resend', providerMessageId: data.id };
  }
  const { providerMessageId } = await deliverToLocalMailbox(db, {
    channel: 'email',
    to: email.to,
    from: env.EMAIL_FROM,
    subject: email.subject,
    html,
    text,
    tag: email.tag,
    dedupeKey: email.idempotencyKey,
  });
  return { transport: 'local', providerMessageId };
}

/**
 * Readiness of the email transport. Resend: one authenticated read (a sending-only key is
 * refused with `restricted_api_key`, which still proves the key and the API work). The local
 * mailbox: its table is readable. Throws with a short reason otherwise.
 */
export async function checkEmailTransport(db: Database): Promise<{ transport: 'local' | 'resend' }> {
  if (emailTransport === 'resend') {
    const { error } = await new Resend(env.RESEND_API_KEY).domains.list();
    if (error && error.name !== 'restricted_api_key') throw new Error(`Resend answered ${error.name}`);
    return { transport: 'resend' };
  }
  await probeMailbox(db);
  return { transport: 'local' };
}
