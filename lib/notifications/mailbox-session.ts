import { cookies } from 'next/headers';
import { getAuthSecret } from '@/lib/auth/secret';
import { emailTransport, env, isAdminEmail } from '@/lib/env';
import { bindMailbox, MAILBOX_BINDING_SECONDS, MAILBOX_COOKIE, type MailboxBinding, mailboxAccessFor, mayBindMailbox, readMailboxBindings } from './mailbox-access';

/** This deployment's mailbox rule (see mailbox-access.ts). */
export const mailboxAccess = mailboxAccessFor({ NODE_ENV: env.NODE_ENV, emailTransport, BURSAR_DEMO_MODE: env.BURSAR_DEMO_MODE });

/** The addresses this browser may read in `bound` mode (empty when none or not bound). */
export async function currentMailboxBindings(): Promise<MailboxBinding[]> {
  const jar = await cookies();
  return readMailboxBindings(jar.get(MAILBOX_COOKIE)?.value, getAuthSecret());
}

/**
 * Called when this browser asks a sign-in link for `email` (server actions only): in `bound`
 * mode, adds the address to the browser's signed mailbox cookie, unless it may not be bound.
 */
export async function bindMailboxToBrowser(email: string): Promise<void> {
  if (mailboxAccess !== 'bound' || !mayBindMailbox({ isAdmin: isAdminEmail(email), adminOptIn: env.BURSAR_DEMO_ADMIN_MAILBOX })) return;
  const jar = await cookies();
  const secret = getAuthSecret();
  const value = bindMailbox(readMailboxBindings(jar.get(MAILBOX_COOKIE)?.value, secret), email, secret);
  jar.set(MAILBOX_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: env.APP_URL.startsWith('https:'),
    // The sign-in action (on /sign-in) must read it back to add an address.
    path: '/',
    maxAge: MAILBOX_BINDING_SECONDS,
  });
}
