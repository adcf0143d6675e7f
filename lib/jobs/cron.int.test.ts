import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureLogs } from '@/tests/support/logs';
import { mailboxMessages, outbox } from '@/db/schema';
import { uniqueSuffix } from '@/db/seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import { RenewalReceiptEmail } from '@/emails/renewal-receipt';
import { enqueueNotification } from '@/lib/notifications/outbox';
import { handleCronRequest } from './cron';
import type { JobName } from './registry';
import { runJob } from './run-job';

const handle = setupTestDb();
const db = () => handle().db;
const SECRET = 'cron-secret-for-tests-0123456789';

const deps = () => ({ secret: SECRET, run: (job: JobName) => runJob(job, { db: db(), workerId: 'cron-test' }) });
const request = (authorization?: string) =>
  new Request('http://localhost/api/cron/deliver-notifications', { headers: authorization ? { authorization } : {} });

async function enqueueRenewal() {
  const suffix = uniqueSuffix();
  const recipient = `renewal-${suffix}@bursar.test`;
  const dedupeKey = `renewal:in_${suffix}`;
  await enqueueNotification(db(), { template: 'renewal-receipt', recipient, dedupeKey, data: RenewalReceiptEmail.PreviewProps });
  const state = async () => ({
    status: (await db().select({ status: outbox.status }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey)))[0]?.status,
    mail: (await db().select().from(mailboxMessages).where(eq(mailboxMessages.to, recipient))).length,
  });
  return { state };
}

describe('cron job trigger', () => {
  it('answers 401 to a missing or wrong secret and touches nothing', async () => {
    const message = await enqueueRenewal();
    for (const authorization of [undefined, 'Bearer wrong-secret', `Bearer ${SECRET}x`, `Basic ${SECRET}`, SECRET, 'Bearer ']) {
      const response = await handleCronRequest(request(authorization), 'deliver-notifications', deps());
      expect(response.status, String(authorization)).toBe(401);
      expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'Missing or invalid cron secret.' } });
    }
    // 401 comes before the job lookup: an unknown job name is not revealed either.
    expect((await handleCronRequest(request('Bearer nope'), 'no-such-job', deps())).status).toBe(401);
    expect(await message.state()).toEqual({ status: 'pending', mail: 0 });
  });

  it('answers 404 to an unknown job with the right secret, and 503 when no secret is configured', async () => {
    const message = await enqueueRenewal();
    const unknown = await handleCronRequest(request(`Bearer ${SECRET}`), 'no-such-job', deps());
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_job' } });
    const disabled = await handleCronRequest(request(`Bearer ${SECRET}`), 'deliver-notifications', { ...deps(), secret: undefined });
    expect(disabled.status).toBe(503);
    expect(await disabled.json()).toMatchObject({ error: { code: 'cron_disabled' } });
    expect(await message.state()).toEqual({ status: 'pending', mail: 0 });
  });

  it('runs the job with the right secret and delivers due mail', async () => {
    const message = await enqueueRenewal();
    const response = await handleCronRequest(request(`Bearer ${SECRET}`), 'deliver-notifications', deps());
    expect(response.status).toBe(200);
    const body = (await response.json()) as { job: string; result: { sent: number } };
    expect(body.job).toBe('deliver-notifications');
    // Messages the rejected calls above left pending go out now as well.
    expect(body.result.sent).toBeGreaterThanOrEqual(1);
    expect(await message.state()).toEqual({ status: 'sent', mail: 1 });
  });

  it('answers 500 with the error shape when the job throws', async () => {
    const errors = captureLogs().text;
    const response = await handleCronRequest(request(`Bearer ${SECRET}`), 'deliver-notifications', {
      secret: SECRET,
      run: () => Promise.reject(new Error('database is down')),
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { code: 'job_failed' } });
    expect(errors()).toEqual([expect.stringContaining('database is down')]);
  });
});

describe('the /api/cron/[job] route module', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  const callRoute = async (authorization?: string) => {
    vi.resetModules(); // lib/env.ts reads the environment when first imported
    const { GET } = await import('@/app/api/cron/[job]/route');
    return GET(request(authorization), { params: Promise.resolve({ job: 'deliver-notifications' }) });
  };

  it('is 503 without CRON_SECRET and 401 with a wrong bearer, before opening any database', async () => {
    vi.stubEnv('CRON_SECRET', '');
    expect((await callRoute(`Bearer ${SECRET}`)).status).toBe(503);
    vi.stubEnv('CRON_SECRET', SECRET);
    const response = await callRoute('Bearer wrong-secret');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });
});
