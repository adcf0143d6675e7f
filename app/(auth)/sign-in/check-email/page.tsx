import type { Metadata } from 'next';
import Link from 'next/link';
import { emailTransport } from '@/lib/env';

export const metadata: Metadata = { title: 'Check your email' };

export default function CheckEmailPage() {
  return (
    <div className="mx-auto max-w-md rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
      <h1 className="text-2xl font-bold">Check your email</h1>
      <p className="mt-2 text-slate-600">We sent you a sign-in link. It works once and expires in 24 hours.</p>
      {emailTransport === 'local' ? (
        <p className="mt-4 rounded-md bg-brand-50 p-3 text-sm text-brand-700">
          No email provider is configured, so the message is in the{' '}
          <Link href="/dev/mailbox" className="font-semibold underline">local mailbox</Link>.
        </p>
      ) : null}
    </div>
  );
}
