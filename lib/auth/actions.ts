'use server';

import { AuthError } from 'next-auth';
import { z } from 'zod';
import { safeReturnPath } from '@/lib/http/safe-return-path';
import { signIn, signOut } from './index';

const signInSchema = z.object({
  email: z.email({ error: 'Enter a valid email address, like you@example.com.' }).max(254).transform((v) => v.toLowerCase()),
  callbackUrl: z.string().optional(),
});

export type SignInState = { error?: string; email?: string };

export async function requestSignInLink(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({
    email: String(formData.get('email') ?? '').trim(),
    callbackUrl: formData.get('callbackUrl')?.toString(),
  });
  if (!parsed.success) {
    return { error: parsed.error.issues[0]?.message ?? 'Enter a valid email address.', email: String(formData.get('email') ?? '') };
  }
  try {
    // Redirects to the check-your-email page; the redirect is thrown, so it must not be caught.
    await signIn('email', { email: parsed.data.email, redirectTo: safeReturnPath(parsed.data.callbackUrl, '/account') });
  } catch (error) {
    if (error instanceof AuthError) {
      console.error('sign-in link failed', error);
      return { error: 'We could not send the sign-in link. Please try again in a moment.', email: parsed.data.email };
    }
    throw error;
  }
  return {};
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/' });
}
