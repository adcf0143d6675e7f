import NextAuth from 'next-auth';
import { env } from '@/lib/env';
import { buildAuthConfig } from './config';

// Auth.js builds its URLs (the emailed sign-in link among them) from AUTH_URL when set, and
// from the request's Host / X-Forwarded-Host otherwise. Pin it to APP_URL, here beside the
// code that reads it, unless the operator opted into trusting a proxy's headers.
// eslint-disable-next-line no-restricted-properties -- the one write, for Auth.js
if (!env.AUTH_TRUST_HOST) process.env.AUTH_URL = new URL('/api/auth', env.APP_URL).toString();

export const { handlers, auth, signIn, signOut } = NextAuth(buildAuthConfig);
