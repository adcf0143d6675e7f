import 'server-only';
import { cookies } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { auth } from './index';

/** Auth.js's session cookie (database sessions: the cookie is the only way to be signed in). */
export const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'] as const;

export type SessionUser = { id: string; email: string; name: string | null; role: 'learner' | 'admin' };

/** The signed-in user, looked up once per request however many components ask. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  // A visitor without a session cookie cannot have a session: answer without running Auth.js,
  // so an anonymous crowd on the storefront costs no session lookup.
  const jar = await cookies();
  if (!SESSION_COOKIES.some((name) => jar.has(name))) return null;
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, name: user.name ?? null, role: user.role };
});

/** Server-side gate for learner pages and actions: sends visitors to sign in and back. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** Admin gate, checked on the server (proxy.ts only redirects anonymous visitors). */
export async function requireAdmin(returnTo: string): Promise<SessionUser> {
  const user = await requireUser(returnTo);
  if (user.role !== 'admin') forbidden();
  return user;
}
