import { describe, expect, it } from 'vitest';
import { type BootConfig, bootProblems } from './boot-checks';

const production = (over: Partial<BootConfig>): BootConfig => ({ NODE_ENV: 'production', stripeMode: 'test', BURSAR_DEMO_MODE: false, ...over });

describe('bootProblems', () => {
  it('lets development and tests run on embedded defaults', () => {
    expect(bootProblems({ NODE_ENV: 'development', stripeMode: 'sandbox', BURSAR_DEMO_MODE: false })).toEqual([]);
    expect(bootProblems({ NODE_ENV: 'test', stripeMode: 'live', BURSAR_DEMO_MODE: false })).toEqual([]);
  });

  it('refuses production on the sandbox unless demo mode is chosen', () => {
    expect(bootProblems(production({ stripeMode: 'sandbox' }))).toEqual([expect.stringContaining('STRIPE_SECRET_KEY is not set')]);
    expect(bootProblems(production({ stripeMode: 'sandbox', BURSAR_DEMO_MODE: true }))).toEqual([]);
  });

  it('refuses a real Stripe key without a webhook secret or an email provider, naming each', () => {
    const problems = bootProblems(production({ stripeMode: 'live' }));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^STRIPE_WEBHOOK_SECRET is not set/);
    expect(problems[1]).toMatch(/^RESEND_API_KEY is not set/);
    expect(bootProblems(production({ stripeMode: 'test', STRIPE_WEBHOOK_SECRET: 'whsec_x' }))).toEqual([expect.stringMatching(/^RESEND_API_KEY/)]);
    expect(bootProblems(production({ stripeMode: 'live', STRIPE_WEBHOOK_SECRET: 'whsec_x', RESEND_API_KEY: 're_x' }))).toEqual([]);
  });

  it('does not let demo mode excuse a real key without its secrets', () => {
    expect(bootProblems(production({ stripeMode: 'test', BURSAR_DEMO_MODE: true }))).toHaveLength(2);
  });

  it('refuses a half-configured SMS provider, naming what is missing', () => {
    const ready = { stripeMode: 'sandbox', BURSAR_DEMO_MODE: true } as const;
    expect(bootProblems(production({ ...ready, TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32) }))).toEqual([
      expect.stringMatching(/^TWILIO_AUTH_TOKEN is not set/),
      expect.stringMatching(/^TWILIO_FROM \(or TWILIO_MESSAGING_SERVICE_SID\) is not set/),
    ]);
    expect(bootProblems(production({ ...ready, TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32), TWILIO_AUTH_TOKEN: 't'.repeat(32), TWILIO_FROM: '+14155550100' }))).toEqual([]);
    expect(bootProblems(production(ready))).toEqual([]);
  });

  it('refuses the S3 storage driver without its bucket or keys, in every environment, naming each', () => {
    for (const NODE_ENV of ['development', 'production'] as const) {
      const config = { NODE_ENV, stripeMode: 'sandbox', BURSAR_DEMO_MODE: true, STORAGE_DRIVER: 's3' } as const;
      expect(bootProblems(config)).toEqual([
        expect.stringMatching(/^S3_BUCKET is not set, but STORAGE_DRIVER=s3/),
        expect.stringMatching(/^S3_ACCESS_KEY_ID is not set/),
        expect.stringMatching(/^S3_SECRET_ACCESS_KEY is not set/),
      ]);
      expect(bootProblems({ ...config, S3_BUCKET: 'covers', S3_ACCESS_KEY_ID: 'AKIA', S3_SECRET_ACCESS_KEY: 's' })).toEqual([]);
      expect(bootProblems({ ...config, S3_BUCKET: 'covers', S3_ACCESS_KEY_ID: 'AKIA' })).toEqual([expect.stringMatching(/^S3_SECRET_ACCESS_KEY is not set/)]);
    }
    // The disk driver (the default) needs none of them.
    expect(bootProblems({ NODE_ENV: 'development', stripeMode: 'sandbox', BURSAR_DEMO_MODE: false, STORAGE_DRIVER: 'disk' })).toEqual([]);
  });
});
