'use server';

import { headers } from 'next/headers';
import { AuthError } from 'next-auth';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { admitSignInRequest } from '@/db/queries/sign-in';
import { env } from '@/lib/env';
import { safeReturnPath } from '@/lib/http/safe-return-path';
import { bindMailboxToBrowser } from '@/lib/notifications/mailbox-session';
import { describeWait, signInClientKey } from './client-key';
import { signIn, signOut } from './index';

const signInSchema = z.object({
  email: z.email({ error: 'Enter a valid email address, like you@example.com.' }).max(254).transform((v) => v.toLowerCase()),
  callbackUrl: z.string().max(4096).optional(),
});

export type SignInState = { error?: string; email?: string };

const WINDOW_SECONDS = 15 * 60;

export async function requestSignInLink(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const typed = String(formData.get('email') ?? '');
  const parsed = signInSchema.safeParse({ email: typed.trim(), callbackUrl: formData.get('callbackUrl')?.toString() });
  if (!parsed.success) {
    return { error: parsed.error.issues[0]?.message ?? 'Enter a valid email address.', email: typed.slice(0, 254) };
  }
  const { email } = parsed.data;
  const verdict = await admitSignInRequest(
    await getDb(),
    { email, client: signInClientKey(await headers()) },
    { perAddress: env.SIGN_IN_LIMIT_PER_ADDRESS, perClient: env.SIGN_IN_LIMIT_PER_CLIENT, total: env.SIGN_IN_LIMIT_TOTAL, windowSeconds: WINDOW_SECONDS },
  );
  if (!verdict.allowed) {
    const who = verdict.scope === 'address' ? 'for this address' : verdict.scope === 'client' ? 'from this device' : 'right now';
    return { error: `Too many sign-in links asked ${who}. Try again in ${describeWait(verdict.retryAfterSeconds)}.`, email };
  }
  await bindMailboxToBrowser(email);
  try {
    // Redirects to the check-your-email page; the redirect is thrown, so it must not be caught.
    await signIn('email', { email, redirectTo: safeReturnPath(parsed.data.callbackUrl, '/account') });
  } catch (error) {
    if (error instanceof AuthError) {
      console.error('sign-in link failed', error.name);
      return { error: 'We could not send the sign-in link. Please try again in a moment.', email };
    }
    throw error;
  }
  return {};
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/' });
}
