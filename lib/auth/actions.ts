'use server';

import { headers } from 'next/headers';
import { AuthError } from 'next-auth';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { admitSignInRequest } from '@/db/queries/sign-in';
import { ActionRefusal, formSchema, publicAction } from '@/lib/actions/client';
import { env } from '@/lib/env';
import { safeReturnPath } from '@/lib/http/safe-return-path';
import { bindMailboxToBrowser } from '@/lib/notifications/mailbox-session';
import { describeWait, signInClientKey } from './client-key';
import { signIn, signOut } from './index';
import { logger } from '@/lib/log';

const signInSchema = formSchema({
  email: z
    .string()
    .trim()
    .pipe(z.email({ error: 'Enter a valid email address, like you@example.com.' }).max(254, { error: 'That address is too long.' }))
    .transform((v) => v.toLowerCase()),
  // Anything here is only ever a hint: safeReturnPath falls back for whatever it refuses.
  callbackUrl: z.string().max(4096).optional().catch(undefined),
});

const WINDOW_SECONDS = 15 * 60;

export const requestSignInLink = publicAction.inputSchema(signInSchema).stateAction(async ({ parsedInput }) => {
  const { email } = parsedInput;
  const verdict = await admitSignInRequest(
    await getDb(),
    { email, client: signInClientKey(await headers()) },
    { perAddress: env.SIGN_IN_LIMIT_PER_ADDRESS, perClient: env.SIGN_IN_LIMIT_PER_CLIENT, total: env.SIGN_IN_LIMIT_TOTAL, windowSeconds: WINDOW_SECONDS },
  );
  if (!verdict.allowed) {
    const who = verdict.scope === 'address' ? 'for this address' : verdict.scope === 'client' ? 'from this device' : 'right now';
    throw new ActionRefusal(`Too many sign-in links asked ${who}. Try again in ${describeWait(verdict.retryAfterSeconds)}.`);
  }
  await bindMailboxToBrowser(email);
  try {
    // Redirects to the check-your-email page; the redirect is thrown, so it must not be caught.
    await signIn('email', { email, redirectTo: safeReturnPath(parsedInput.callbackUrl, '/account') });
  } catch (error) {
    if (error instanceof AuthError) {
      logger.warn({ error: error.name }, 'sign-in link failed');
      throw new ActionRefusal('We could not send the sign-in link. Please try again in a moment.');
    }
    throw error;
  }
  return { sent: true };
});

// Takes the (empty) sign-out form; signing out needs nothing from it.
export const signOutAction = publicAction.inputSchema(z.unknown()).stateAction(async () => {
  await signOut({ redirectTo: '/' });
});
