/** What a boot check needs to know; `lib/env.ts` provides it, tests pass their own. */
export type BootConfig = {
  NODE_ENV: 'development' | 'test' | 'production';
  stripeMode: 'sandbox' | 'live' | 'test';
  BURSAR_DEMO_MODE: boolean;
  STRIPE_WEBHOOK_SECRET?: string;
  RESEND_API_KEY?: string;
  TWILIO_ACCOUNT_SID?: string;
  TWILIO_AUTH_TOKEN?: string;
  TWILIO_FROM?: string;
  TWILIO_MESSAGING_SERVICE_SID?: string;
  STORAGE_DRIVER?: 'disk' | 's3';
  S3_BUCKET?: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
};

/**
 * S3 chosen but not configured: every cover upload would fail (or, worse, land on one
 * instance's disk). Checked in every environment, since it is never a default.
 */
function storageProblems(config: BootConfig): string[] {
  if (config.STORAGE_DRIVER !== 's3') return [];
  const problems: string[] = [];
  if (!config.S3_BUCKET) problems.push('S3_BUCKET is not set, but STORAGE_DRIVER=s3: set it to the bucket covers are stored in (or unset STORAGE_DRIVER to keep them on disk).');
  if (!config.S3_ACCESS_KEY_ID) problems.push('S3_ACCESS_KEY_ID is not set, but STORAGE_DRIVER=s3: set it to an access key that may read, write and delete objects in the bucket.');
  if (!config.S3_SECRET_ACCESS_KEY) problems.push('S3_SECRET_ACCESS_KEY is not set, but STORAGE_DRIVER=s3: set it to the secret of S3_ACCESS_KEY_ID.');
  return problems;
}

/** A half-configured SMS provider: texts would silently go to the local mailbox, or fail. */
function twilioProblems(config: BootConfig): string[] {
  const any = config.TWILIO_ACCOUNT_SID || config.TWILIO_AUTH_TOKEN || config.TWILIO_FROM || config.TWILIO_MESSAGING_SERVICE_SID;
  if (!any) return [];
  const problems: string[] = [];
  if (!config.TWILIO_ACCOUNT_SID) problems.push('TWILIO_ACCOUNT_SID is not set, but other TWILIO_* variables are: set it (AC…) or remove them.');
  if (!config.TWILIO_AUTH_TOKEN) problems.push('TWILIO_AUTH_TOKEN is not set, but other TWILIO_* variables are: set it (it also verifies inbound SMS webhooks).');
  if (!config.TWILIO_FROM && !config.TWILIO_MESSAGING_SERVICE_SID) {
    problems.push('TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID) is not set: Twilio needs a sender for every text.');
  }
  return problems;
}

/**
 * Configurations a server must not run with, each as a sentence naming the variable to set.
 * Empty when the boot may go on. Development and tests run on defaults; a storage driver
 * chosen without its settings is refused everywhere.
 */
export function bootProblems(config: BootConfig): string[] {
  if (config.NODE_ENV !== 'production') return storageProblems(config);
  const problems: string[] = [...storageProblems(config), ...twilioProblems(config)];
  if (config.stripeMode === 'sandbox') {
    if (!config.BURSAR_DEMO_MODE) {
      problems.push(
        'STRIPE_SECRET_KEY is not set. Set it (and STRIPE_WEBHOOK_SECRET) to take real payments, ' +
          'or set BURSAR_DEMO_MODE=1 to run this production build against the offline Stripe sandbox.',
      );
    }
    return problems;
  }
  if (!config.STRIPE_WEBHOOK_SECRET) {
    problems.push(
      'STRIPE_WEBHOOK_SECRET is not set. With a real Stripe key every webhook would be refused: ' +
        "set it to your endpoint's signing secret (whsec_…, Stripe Dashboard → Developers → Webhooks).",
    );
  }
  if (!config.RESEND_API_KEY) {
    problems.push(
      'RESEND_API_KEY is not set. With a real Stripe key, email must go through a provider: ' +
        'without one, sign-in links and receipts would be kept in a local mailbox instead of being sent.',
    );
  }
  return problems;
}
