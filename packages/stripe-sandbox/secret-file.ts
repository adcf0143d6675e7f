import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The webhook signing secret the `stripe-sandbox` command signs with when
 * `STRIPE_WEBHOOK_SECRET` is unset: generated once per installation into
 * `$DATA_DIR/stripe-webhook-secret` (mode 0600), so no signing secret is published with the
 * code. An app that receives the sandbox's webhooks verifies with the same file (Bursar:
 * `lib/secret-file.ts` reads it); the file and its name are the contract between the two.
 */
export const WEBHOOK_SECRET_FILE_NAME = 'stripe-webhook-secret';

export function webhookSecretFile(dataDir: string): string {
  return path.resolve(process.cwd(), dataDir, WEBHOOK_SECRET_FILE_NAME);
}

/** Reads the secret in `file`, or creates it once (`wx`, so two processes starting together agree on one). */
export function readOrCreateWebhookSecret(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      writeFileSync(file, secret, { flag: 'wx', mode: 0o600 });
      return secret;
    } catch {
      return readFileSync(file, 'utf8').trim();
    }
  }
}
