import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Secrets generated once per installation into the data directory: the auth secret, and
 * the webhook signing secret shared by the offline sandbox and the app. The sandbox's
 * command (`packages/stripe-sandbox/secret-file.ts`) reads and creates the same file,
 * `$DATA_DIR/stripe-webhook-secret`: the file is the contract, the app ships without the sandbox.
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
export function readOrCreateSecret(file: string, generate: () => string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      const secret = generate();
      writeFileSync(file, secret, { flag: 'wx', mode: 0o600 });
      return secret;
    } catch {
      return readFileSync(file, 'utf8').trim();
    }
  }
}

export function readOrCreateWebhookSecret(file: string): string {
  return readOrCreateSecret(file, () => `whsec_${randomBytes(24).toString('base64url')}`);
}
