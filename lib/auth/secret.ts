import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { env } from '@/lib/env';
import { readOrCreateSecret } from '@/lib/secret-file';

let cached: string | undefined;

/**
 * AUTH_SECRET when configured; otherwise a secret generated once into the data directory so
 * sign-in works with no configuration and sessions survive restarts. Several app instances
 * need the same AUTH_SECRET set explicitly.
 */
export function getAuthSecret(): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  cached ??= readOrCreateSecret(path.resolve(process.cwd(), env.DATA_DIR, 'auth-secret'), () => randomBytes(32).toString('base64url'));
  return cached;
}
