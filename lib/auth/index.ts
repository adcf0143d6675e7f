import NextAuth from 'next-auth';
import { buildAuthConfig } from './config';

export const { handlers, auth, signIn, signOut } = NextAuth(buildAuthConfig);
