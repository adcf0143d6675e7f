import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Who may read the local mailbox (`/dev/mailbox`), which exists only while no email
 * provider is configured:
 * - `open` in development: every message, as a developer expects.
 * - `bound` in a production demo (`BURSAR_DEMO_MODE`): a browser sees only mail to the
 *   addresses it asked a sign-in link for itself, sent since it asked — bound by a signed
 *   cookie. Admin addresses are never bound unless the operator opts in
 *   (`BURSAR_DEMO_ADMIN_MAILBOX`): otherwise anyone could sign in as the admin.
 * - `off` everywhere else (a provider is configured, or production without demo mode).
 */
export type MailboxAccess = 'open' | 'bound' | 'off';

export function mailboxAccessFor(config: { NODE_ENV: string; emailTransport: 'resend' | 'local'; BURSAR_DEMO_MODE: boolean }): MailboxAccess {
  if (config.emailTransport !== 'local') return 'off';
  if (config.NODE_ENV !== 'production') return 'open';
  return config.BURSAR_DEMO_MODE ? 'bound' : 'off';
}

/** May a browser be given the mail of an address? Only matters in `bound` mode. */
export function mayBindMailbox(opts: { isAdmin: boolean; adminOptIn: boolean }): boolean {
  return !opts.isAdmin || opts.adminOptIn;
}

export const MAILBOX_COOKIE = 'bursar_mailbox';
/** As long as a sign-in link lives. */
export const MAILBOX_BINDING_SECONDS = 24 * 60 * 60;
const MAX_ADDRESSES = 10;

/** An address this browser asked a link for, and since when (ms) it may read its mail. */
export type MailboxBinding = { email: string; since: number };

const bindings = z.array(z.object({ email: z.string().max(254), since: z.number().int().nonnegative() })).max(MAX_ADDRESSES);

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(`mailbox:${payload}`).digest('base64url');
}

/** The bindings in a cookie value, or none when it is absent, malformed, forged or expired. */
export function readMailboxBindings(cookie: string | undefined, secret: string, now = Date.now()): MailboxBinding[] {
  if (!cookie) return [];
  const [payload, signature, extra] = cookie.split('.');
  if (!payload || !signature || extra !== undefined) return [];
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return [];
  try {
    const parsed = bindings.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!parsed.success) return [];
    return parsed.data.filter((b) => now - b.since < MAILBOX_BINDING_SECONDS * 1000);
  } catch {
    return [];
  }
}

/**
 * The cookie value with `email` bound from `now`. A repeat request keeps the earlier `since`
 * (mail sent in between stays visible); the oldest address drops out past ten.
 */
export function bindMailbox(current: MailboxBinding[], email: string, secret: string, now = Date.now()): string {
  const address = email.trim().toLowerCase();
  const existing = current.find((b) => b.email === address);
  const next = [...current.filter((b) => b.email !== address), { email: address, since: existing?.since ?? now }].slice(-MAX_ADDRESSES);
  const payload = Buffer.from(JSON.stringify(next)).toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}
