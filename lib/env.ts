import { createEnv } from '@t3-oss/env-nextjs';
import { z } from 'zod';

/**
 * The only reader of process.env. Every variable is validated once, when this module is
 * first imported (instrumentation.ts imports it at server start), and a malformed value
 * fails with a message naming the variable. Unset variables mean "embedded default":
 * PGlite, the offline Stripe sandbox, the local mailbox, a generated auth secret.
 */
const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean),
  );

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

export const env = createEnv({
  server: {
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    APP_URL: z.url().default('http://localhost:3000'),
    DATA_DIR: z.string().min(1).default('.data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    PGLITE_DIR: z.string().min(1).optional(),
    // Named prepared statements on PostgreSQL (db/client.ts). Set 0 behind a pooler that cannot
    // keep them across transactions (PgBouncer in transaction mode before 1.21).
    DATABASE_PREPARE: z
      .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
      .optional()
      .transform((value) => value === undefined || value === '' || value === '1' || value === 'true' || value === 'yes'),
    AUTH_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)').optional(),
    ADMIN_EMAILS: commaList,
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'must look like sk_test_… or sk_live_…')
      .optional(),
    STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\S+$/, 'must start with whsec_').optional(),
    STRIPE_SANDBOX_PORT: z.coerce.number().int().min(1).max(65535).default(12111),
    STRIPE_SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
    RESEND_API_KEY: z.string().regex(/^re_\S+$/, 'must start with re_').optional(),
    EMAIL_FROM: z.string().min(3).default('Bursar <hello@bursar.local>'),
    // SMS through Twilio when the account SID and auth token are set (and a sender: a number or
    // a messaging service); otherwise texts land in the local mailbox.
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits').optional(),
    TWILIO_AUTH_TOKEN: z.string().min(16, 'must be the account auth token').optional(),
    TWILIO_FROM: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +14155550100').optional(),
    TWILIO_MESSAGING_SERVICE_SID: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'must look like MG followed by 32 hex digits').optional(),
    // Another base URL for Twilio's REST API (a regional edge proxy, or a local fake in tests).
    TWILIO_API_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    // The dunning policy, as configured in Stripe (Billing → Revenue recovery → Retries): days
    // between automatic retries of a failed renewal, and what happens after the last one.
    // Bursar does not retry by itself; it tells the learner "attempt n of m" and what comes next.
    DUNNING_RETRY_DAYS: z
      .string()
      .regex(/^\d{1,2}(,\d{1,2}){0,7}$/, 'must be a comma-separated list of days, like 3,5,7')
      .default('3,5,7')
      .transform((value) => value.split(',').map(Number)),
    DUNNING_FINAL_ACTION: z.enum(['cancel', 'unpaid', 'past_due']).default('cancel'),
    // Days a past-due subscriber keeps access while Stripe retries (counted from the failed renewal).
    DUNNING_GRACE_DAYS: z.coerce.number().int().min(0).max(60).default(7),
    // Admin alerts (disputes, failed refunds and payouts, dead or lagging webhooks) go to
    // ADMIN_EMAILS at once, or once a day in a digest at ADMIN_ALERT_DIGEST_HOUR (UTC).
    ADMIN_ALERT_EMAILS: z.enum(['immediate', 'digest', 'off']).default('immediate'),
    ADMIN_ALERT_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(8),
    // Alert when the oldest unprocessed webhook event is older than this.
    ADMIN_ALERT_LAG_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
    // Where uploads (course covers) are kept: `disk` under DATA_DIR/uploads, or `s3` in an
    // S3-compatible bucket (then S3_BUCKET and both S3 keys are required; see boot-checks.ts).
    // Either way covers are served by the app's /media route; the bucket stays private.
    STORAGE_DRIVER: z.enum(['disk', 's3']).default('disk'),
    S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name (3-63 lowercase letters, digits, dots, hyphens)').optional(),
    S3_REGION: z.string().regex(/^[a-z0-9-]+$/, 'must be a region like us-east-1').default('us-east-1'),
    // Another S3-compatible service (MinIO, Cloudflare R2, DigitalOcean Spaces, …); unset = AWS.
    S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: flag,
    BURSAR_DEMO_MODE: flag,
    // Demo mode only: lets the local mailbox show mail for admins too (ADMIN_EMAILS and users
    // with the admin role), so anyone can sign in as the demo admin. Off by default; see
    // README "Security".
    BURSAR_DEMO_ADMIN_MAILBOX: flag,
    // Build Auth.js URLs from the request's Host / X-Forwarded-Host instead of APP_URL. Only
    // behind a proxy that sets those headers itself; emailed links still use APP_URL.
    AUTH_TRUST_HOST: flag,
    // Sign-in links per 15 minutes: per address, per client (X-Forwarded-For), in all.
    SIGN_IN_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(1000).default(5),
    SIGN_IN_LIMIT_PER_CLIENT: z.coerce.number().int().min(1).max(100_000).default(20),
    SIGN_IN_LIMIT_TOTAL: z.coerce.number().int().min(1).max(1_000_000).default(500),
    // On by default: one `npm start` delivers mail with no extra process. Set 0 when
    // `npm run worker` (or /api/cron) does the work instead.
    JOBS_IN_PROCESS: z
      .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
      .optional()
      .transform((value) => value === undefined || value === '' || value === '1' || value === 'true' || value === 'yes'),
    CRON_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    // Bearer token for /api/metrics. Unset: open in development, switched off (503) in production.
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    // Requests per rolling second this process may send to Stripe, in all and per endpoint.
    STRIPE_REQUEST_BUDGET: z.coerce.number().positive().max(10_000).optional(),
    STRIPE_ENDPOINT_BUDGET: z.coerce.number().positive().max(10_000).optional(),
    // Webhook processing: lanes one worker processes at once, how long a burst for one
    // object is gathered before it is processed, and a worker's lease on a lane.
    // `npm run worker` lowers its own CPU priority by this much (nice), so on a machine it shares
    // with the app the webhook route answers first and a burst waits as backlog. 0 keeps it.
    WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
    WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
    WEBHOOK_COALESCE_MS: z.coerce.number().int().min(0).max(60_000).default(250),
    WEBHOOK_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    // First retry of a failed lane after this long, doubling per attempt (capped at an hour).
    WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(5_000),
    // Structured logs (pino): the lowest level written. Default: info; silent under tests.
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  // Only the server reads configuration; nothing is exposed to the browser.
  isServer: true,
  onValidationError: (issues) => {
    const lines = issues.map((issue) => `  ${issue.path?.map(String).join('.') ?? '?'}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  },
});

/** Stripe is the offline sandbox whenever no secret key is configured. */
export const stripeMode: 'sandbox' | 'live' | 'test' = !env.STRIPE_SECRET_KEY
  ? 'sandbox'
  : env.STRIPE_SECRET_KEY.includes('_live_')
    ? 'live'
    : 'test';

/** The bucket's settings when uploads go to S3 (the boot refuses `s3` without them); null = local disk. */
export const s3Config =
  env.STORAGE_DRIVER === 's3' && env.S3_BUCKET && env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
    ? {
        bucket: env.S3_BUCKET,
        region: env.S3_REGION,
        endpoint: env.S3_ENDPOINT,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
        accessKeyId: env.S3_ACCESS_KEY_ID,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      }
    : null;

export const emailTransport: 'resend' | 'local' = env.RESEND_API_KEY ? 'resend' : 'local';

/** Twilio's settings when SMS goes through Twilio; null = the local mailbox. */
export const twilioConfig =
  env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
    ? {
        accountSid: env.TWILIO_ACCOUNT_SID,
        authToken: env.TWILIO_AUTH_TOKEN,
        from: env.TWILIO_FROM ?? null,
        messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID ?? null,
        apiBaseUrl: env.TWILIO_API_BASE_URL ?? null,
      }
    : null;

export function isAdminEmail(email: string): boolean {
  return env.ADMIN_EMAILS.includes(email.trim().toLowerCase());
}
