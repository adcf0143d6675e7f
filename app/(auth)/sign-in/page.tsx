import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getSessionUser } from '@/lib/auth/guards';
import { safeReturnPath } from '@/lib/http/safe-return-path';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const ERRORS: Record<string, string> = {
  Verification: 'That sign-in link has expired or was already used. Ask for a new one below.',
  Default: 'Sign-in failed. Please ask for a new link.',
};

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === 'string' ? params.callbackUrl : undefined;
  if (await getSessionUser()) redirect(safeReturnPath(callbackUrl, '/account'));
  const error = typeof params.error === 'string' ? (ERRORS[params.error] ?? ERRORS.Default) : undefined;
  return (
    <div className="mx-auto max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-bold">Sign in</h1>
      <p className="mt-1 text-sm text-slate-600">No password needed: we email you a link that signs you in.</p>
      {error ? <p role="alert" className="mt-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">{error}</p> : null}
      <div className="mt-6">
        <SignInForm callbackUrl={callbackUrl} />
      </div>
    </div>
  );
}
