import { render } from '@react-email/render';
import type { ReactElement } from 'react';
import { Resend } from 'resend';
import type { Database } from '@/db/client';
import { mailboxMessages } from '@/db/schema';
import { emailTransport, env } from '@/lib/env';

export type OutgoingEmail = { to: string; subject: string; react: ReactElement; tag?: string };
export type SentEmail = { transport: 'local' | 'resend'; providerMessageId: string };

/**
 * Renders a React Email template and delivers it: through Resend when RESEND_API_KEY is set,
 * otherwise into the local mailbox table that /dev/mailbox (and the tests) read.
 */
export async function sendEmail(db: Database, email: OutgoingEmail): Promise<SentEmail> {
  const [html, text] = await Promise.all([render(email.react), render(email.react, { plainText: true })]);
  if (emailTransport === 'resend') {
    const resend = new Resend(env.RESEND_API_KEY);
    const { data, error } = await resend.emails.send({
      from: env.EMAIL_FROM,
      to: email.to,
      subject: email.subject,
      html,
      text,
      tags: email.tag ? [{ name: 'template', value: email.tag }] : undefined,
    });
    if (error || !data) throw new Error(`Resend refused the email: ${error?.message ?? 'no response'}`);
    return { transport: 'resend', providerMessageId: data.id };
  }
  const [row] = await db
    .insert(mailboxMessages)
    .values({ channel: 'email', to: email.to, from: env.EMAIL_FROM, subject: email.subject, html, text, tag: email.tag })
    .returning({ id: mailboxMessages.id });
  return { transport: 'local', providerMessageId: `local_${row?.id}` };
}
