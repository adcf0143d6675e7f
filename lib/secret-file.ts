import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The signing secret shared by the offline sandbox and the app, generated once per
 * installation. No imports from the app: `sandbox/main.ts` reads it too.
 */
export const WEBHOOK_SECRET_FILE_NAME = 'stripe-webhook-secret';

export function webhookSecretFile(dataDir: string): string {
  return path.resolve(process.cwd(), dataDir, WEBHOOK_SECRET_FILE_NAME);
}

/**
 * Reads the secret in `file`, or creates it once (0600; `wx` so two processes starting
 * together agree on one). A secret published in the repository would let anyone sign
 * events for a demo deployment.
 */
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
