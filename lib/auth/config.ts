import { DrizzleAdapter } from '@auth/drizzle-adapter';
import type { NextAuthConfig } from 'next-auth';
import { createElement } from 'react';
import { getDb } from '@/db/client';
import { accounts, sessions, users, verificationTokens } from '@/db/schema';
import { SignInLinkEmail } from '@/emails/sign-in-link';
import { env, isAdminEmail } from '@/lib/env';
import { sendEmail } from '@/lib/notifications/email';
import { safeReturnPath } from '@/lib/http/safe-return-path';
import { authLogger } from './log';
import { getAuthSecret } from './secret';
import { replaceVerificationToken } from '@/db/queries/sign-in';
import { recordAccessEvent } from '@/db/queries/access-log';
import { headers } from 'next/headers';
import { signInClientKey } from './client-key';
import { logger } from '@/lib/log';

const LINK_LIFETIME_SECONDS = 24 * 60 * 60;

/** Built on the first request, not at import, so `next build` never opens the database. */
export async function buildAuthConfig(): Promise<NextAuthConfig> {
  const db = await getDb();
  const adapter = DrizzleAdapter(db, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  });
  return {
    adapter: {
      ...adapter,
      // A new link invalidates the older ones for that address.
      createVerificationToken: (token) => replaceVerificationToken(db, token),
    },
    secret: getAuthSecret(),
    logger: authLogger,
    // Auth.js takes its URLs from AUTH_URL, which instrumentation.ts pins to APP_URL unless
    // AUTH_TRUST_HOST opts into a proxy's Host / X-Forwarded-Host.
    trustHost: true,
    session: { strategy: 'database', maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: '/sign-in', verifyRequest: '/sign-in/check-email', error: '/sign-in' },
    providers: [
      {
        id: 'email',
        type: 'email',
        name: 'Email',
        maxAge: LINK_LIFETIME_SECONDS,
        normalizeIdentifier: (identifier) => identifier.trim().toLowerCase(),
        async sendVerificationRequest({ identifier, url }) {
          const { host } = new URL(url);
          await sendEmail(db, {
            to: identifier,
            subject: `Sign in to Bursar`,
            tag: 'sign-in-link',
            react: createElement(SignInLinkEmail, { url, host, expiresInHours: LINK_LIFETIME_SECONDS / 3600 }),
          });
        },
      },
    ],
    events: {
      // Every completed sign-in goes to the access log: dispute evidence (Stripe's
      // access_activity_log) says when and from where the learner used what they bought.
      async signIn({ user }) {
        if (!user.id) return;
        try {
          const h = await headers();
          await recordAccessEvent(db, { userId: user.id, event: 'sign_in', ip: signInClientKey(h), userAgent: h.get('user-agent') });
        } catch (error) {
          logger.error({ userId: user.id, err: error }, 'access log: sign-in not recorded');
        }
      },
    },
    callbacks: {
      // Only same-site targets, answered as paths: the browser stays on the host it signed in
      // on, so the session cookie it was just given applies (no open redirects either).
      redirect({ url, baseUrl }) {
        if (url.startsWith('/')) return safeReturnPath(url, '/');
        try {
          const target = new URL(url);
          const allowed = [new URL(baseUrl).origin, new URL(env.APP_URL).origin];
          if (allowed.includes(target.origin)) return target.pathname + target.search + target.hash;
        } catch {
          // not a URL: fall through to the home page
        }
        return '/';
      },
      // What `auth()` and /api/auth/session expose: the learner's own id, name, email and
      // role, and when the session ends. Never the session token or the rest of the row.
      session({ session, user }) {
        const role = (user as { role?: string }).role === 'admin' || isAdminEmail(user.email) ? 'admin' : 'learner';
        return { expires: session.expires, user: { id: user.id, name: user.name ?? null, email: user.email, role } } as typeof session;
      },
    },
  };
}
