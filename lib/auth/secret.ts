import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/env';

let cached: string | undefined;

/**
 * AUTH_SECRET when configured; otherwise a secret generated once into the data directory so
 * sign-in works with no configuration and sessions survive restarts. Several app instances
 * need the same AUTH_SECRET set explicitly.
 */
export function getAuthSecret(): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (cached) return cached;
  const file = path.resolve(process.cwd(), env.DATA_DIR, 'auth-secret');
  try {
    cached = readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    // 'wx' fails if another process created it first; then read theirs.
    try {
      writeFileSync(file, secret, { flag: 'wx', mode: 0o600 });
      cached = secret;
    } catch {
      cached = readFileSync(file, 'utf8').trim();
    }
  }
  return cached;
}
