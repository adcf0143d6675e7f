'use server';

import { AuthError } from 'next-auth';
import { z } from 'zod';
import { signIn, signOut } from './index';

const signInSchema = z.object({
  email: z.email({ error: 'Enter a valid email address, like you@example.com.' }).max(254).transform((v) => v.toLowerCase()),
  callbackUrl: z.string().optional(),
});

export type SignInState = { error?: string; email?: string };

/** Only same-site paths are allowed as a return target (no open redirects). */
function safeReturnPath(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/account';
  return value;
}

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
    await signIn('email', { email: parsed.data.email, redirectTo: safeReturnPath(parsed.data.callbackUrl) });
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
