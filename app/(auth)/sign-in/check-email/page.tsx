import type { Metadata } from 'next';
import Link from 'next/link';
import { env } from '@/lib/env';
import { lastSignInMailWithheld, mailboxAccess } from '@/lib/notifications/mailbox-session';

export const metadata: Metadata = { title: 'Check your email' };

export default async function CheckEmailPage() {
  const withheld = await lastSignInMailWithheld();
  return (
    <div className="mx-auto max-w-md rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
      <h1 className="text-2xl font-bold">Check your email</h1>
      <p className="mt-2 text-slate-600">We sent you a sign-in link. It works once and expires in 24 hours; asking for a new one cancels this one.</p>
      {mailboxAccess === 'open' ? (
        <p className="mt-4 rounded-md bg-brand-50 p-3 text-sm text-brand-700">
          No email provider is configured, so the message is in the{' '}
          <Link href="/dev/mailbox" className="font-semibold underline">local mailbox</Link>.
        </p>
      ) : mailboxAccess === 'bound' && withheld ? (
        <p className="mt-4 rounded-md bg-amber-50 p-3 text-sm text-amber-800">
          This demo sends no email, and the store admin&rsquo;s mail is never shown in its mailbox: whoever could read
          the admin&rsquo;s sign-in link would be the admin. The operator can sign in with a real email provider configured.
        </p>
      ) : mailboxAccess === 'bound' ? (
        <p className="mt-4 rounded-md bg-brand-50 p-3 text-sm text-brand-700">
          This demo sends no email: the message is in the{' '}
          <Link href="/dev/mailbox" className="font-semibold underline">demo mailbox</Link>, which shows this browser only the
          mail for addresses it asked a link for{env.BURSAR_DEMO_ADMIN_MAILBOX ? '' : ' (never the store admin\u2019s)'}.
        </p>
      ) : null}
    </div>
  );
}
