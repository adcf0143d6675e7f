import { cookies } from 'next/headers';
import { getDb } from '@/db/client';
import { findAdminEmails } from '@/db/queries/users';
import { getAuthSecret } from '@/lib/auth/secret';
import { emailTransport, env, isAdminEmail } from '@/lib/env';
import { bindMailbox, MAILBOX_BINDING_SECONDS, MAILBOX_COOKIE, type MailboxBinding, mailboxAccessFor, mayBindMailbox, readMailboxBindings } from './mailbox-access';

/** This deployment's mailbox rule (see mailbox-access.ts). */
export const mailboxAccess = mailboxAccessFor({ NODE_ENV: env.NODE_ENV, emailTransport, BURSAR_DEMO_MODE: env.BURSAR_DEMO_MODE });

/**
 * The addresses among `emails` whose mail a demo browser must never be given: admins by
 * ADMIN_EMAILS and admins by their role in the database (the demo seed's admin@bursar.test,
 * or a learner promoted later). Whoever reads an admin's sign-in link is the admin.
 */
async function adminAddresses(emails: string[]): Promise<Set<string>> {
  const fromDb = await findAdminEmails(await getDb(), emails);
  return new Set([...emails.filter((email) => isAdminEmail(email)), ...fromDb]);
}

/**
 * The addresses this browser may read in `bound` mode (empty when none or not bound). Checked
 * again on every read: an address bound while it was a learner's stops showing once it is
 * an admin's.
 */
export async function currentMailboxBindings(): Promise<MailboxBinding[]> {
  const jar = await cookies();
  const bound = readMailboxBindings(jar.get(MAILBOX_COOKIE)?.value, getAuthSecret());
  if (bound.length === 0 || env.BURSAR_DEMO_ADMIN_MAILBOX) return bound;
  const admins = await adminAddresses(bound.map((b) => b.email));
  return bound.filter((b) => !admins.has(b.email));
}

/**
 * Names the cookie that tells the check-email page, right after a sign-in request, that the
 * address asked for is one this browser may not read (an admin's): the page then shows no
 * mailbox link. It holds no address and expires with the page's purpose.
 */
export const MAILBOX_WITHHELD_COOKIE = 'bursar_mailbox_withheld';

/**
 * Called when this browser asks a sign-in link for `email` (server actions only): in `bound`
 * mode, adds the address to the browser's signed mailbox cookie, unless it may not be bound;
 * then the withheld cookie tells the check-email page to offer no mailbox link.
 */
export async function bindMailboxToBrowser(email: string): Promise<void> {
  if (mailboxAccess !== 'bound') return;
  const isAdmin = !env.BURSAR_DEMO_ADMIN_MAILBOX && (await adminAddresses([email.trim().toLowerCase()])).size > 0;
  const jar = await cookies();
  const secure = env.APP_URL.startsWith('https:');
  if (!mayBindMailbox({ isAdmin, adminOptIn: env.BURSAR_DEMO_ADMIN_MAILBOX })) {
    jar.set(MAILBOX_WITHHELD_COOKIE, '1', { httpOnly: true, sameSite: 'lax', secure, path: '/sign-in', maxAge: 10 * 60 });
    return;
  }
  jar.delete({ name: MAILBOX_WITHHELD_COOKIE, path: '/sign-in' });
  const secret = getAuthSecret();
  const value = bindMailbox(readMailboxBindings(jar.get(MAILBOX_COOKIE)?.value, secret), email, secret);
  jar.set(MAILBOX_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    // The sign-in action (on /sign-in) must read it back to add an address.
    path: '/',
    maxAge: MAILBOX_BINDING_SECONDS,
  });
}

/** Whether the last sign-in request from this browser was for an address it may not read. */
export async function lastSignInMailWithheld(): Promise<boolean> {
  if (mailboxAccess !== 'bound') return false;
  return (await cookies()).get(MAILBOX_WITHHELD_COOKIE)?.value === '1';
}
