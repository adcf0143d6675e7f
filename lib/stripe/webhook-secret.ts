import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env, stripeMode } from '@/lib/env';

/** Where the offline sandbox and the app share the generated signing secret. */
export function sandboxWebhookSecretFile(dataDir: string = env.DATA_DIR): string {
  return path.resolve(process.cwd(), dataDir, 'stripe-webhook-secret');
}

/**
 * Reads the secret in `file`, or creates it once (0600; `wx` so two processes starting
 * together agree on one). Used for the offline sandbox only: a secret published in the
 * repository would let anyone sign events for a demo deployment.
 */
export function readOrCreateSecretFile(file: string, create: () => string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      const secret = create();
      writeFileSync(file, secret, { flag: 'wx', mode: 0o600 });
      return secret;
    } catch {
      return readFileSync(file, 'utf8').trim();
    }
  }
}

let cached: string | undefined;

/**
 * STRIPE_WEBHOOK_SECRET when set. Against the offline sandbox, a secret generated once per
 * installation into the data directory, which the sandbox reads too; against real Stripe
 * there is no fallback (production refuses to boot without it).
 */
export function getWebhookSecret(): string | undefined {
  if (env.STRIPE_WEBHOOK_SECRET) return env.STRIPE_WEBHOOK_SECRET;
  if (stripeMode !== 'sandbox') return undefined;
  cached ??= readOrCreateSecretFile(sandboxWebhookSecretFile(), () => `whsec_${randomBytes(24).toString('base64url')}`);
  return cached;
}
