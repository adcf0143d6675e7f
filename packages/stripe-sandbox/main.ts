import { readOrCreateWebhookSecret, webhookSecretFile } from './secret-file';
import { SANDBOX_DEFAULT_PORT, startSandbox } from './server';

/**
 * The `stripe-sandbox` command (`npm run sandbox` in Bursar): the offline Stripe on its own,
 * started by `bin/stripe-sandbox.mjs`. Reads:
 * STRIPE_SANDBOX_PORT (12111), SANDBOX_DATA_DIR (.data/sandbox), SANDBOX_WEBHOOK_URL
 * (http://localhost:3000/api/webhooks/stripe; set to "off" for none), STRIPE_WEBHOOK_SECRET
 * (default: the per-installation secret in SANDBOX_WEBHOOK_SECRET_FILE, which defaults to
 * $DATA_DIR/stripe-webhook-secret, the file the app reads), SANDBOX_PUBLIC_URL
 * (http://127.0.0.1:<port>), SANDBOX_HOST.
 */
const env = process.env;
const port = env.STRIPE_SANDBOX_PORT ? Number(env.STRIPE_SANDBOX_PORT) : SANDBOX_DEFAULT_PORT;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`STRIPE_SANDBOX_PORT must be a port number, got "${env.STRIPE_SANDBOX_PORT}"`);
  process.exit(1);
}
const webhookUrl = env.SANDBOX_WEBHOOK_URL ?? 'http://localhost:3000/api/webhooks/stripe';

const running = await startSandbox({
  port,
  host: env.SANDBOX_HOST ?? '127.0.0.1',
  dataDir: env.SANDBOX_DATA_DIR ?? '.data/sandbox',
  webhookUrl: webhookUrl === 'off' ? undefined : webhookUrl,
  webhookSecret:
    env.STRIPE_WEBHOOK_SECRET ||
    readOrCreateWebhookSecret(env.SANDBOX_WEBHOOK_SECRET_FILE || webhookSecretFile(env.DATA_DIR || '.data')),
  publicUrl: env.SANDBOX_PUBLIC_URL,
  log: env.SANDBOX_LOG === '1',
});

console.log(`Stripe sandbox listening on ${running.url}`);
console.log(`  dashboard: ${running.url}/_sandbox`);
console.log(`  webhooks:  ${webhookUrl === 'off' ? '(none configured)' : webhookUrl}`);

const stop = async () => {
  await running.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
