import { env, stripeMode } from '@/lib/env';
import { readOrCreateWebhookSecret, webhookSecretFile } from '@/lib/secret-file';

let cached: string | undefined;

/**
 * STRIPE_WEBHOOK_SECRET when set. Against the offline sandbox, a secret generated once per
 * installation into the data directory, which the sandbox reads too; against real Stripe
 * there is no fallback (production refuses to boot without it).
 */
export function getWebhookSecret(): string | undefined {
  if (env.STRIPE_WEBHOOK_SECRET) return env.STRIPE_WEBHOOK_SECRET;
  if (stripeMode !== 'sandbox') return undefined;
  cached ??= readOrCreateWebhookSecret(webhookSecretFile(env.DATA_DIR));
  return cached;
}
