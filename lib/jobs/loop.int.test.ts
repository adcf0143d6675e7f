import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mailboxMessages, outbox } from '@/db/schema';
import { uniqueSuffix } from '@/db/seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import { SubscriptionStartedEmail } from '@/emails/subscription-started';
import { enqueueNotification } from '@/lib/notifications/outbox';
import { startJobLoop } from './loop';
import { isJobName, jobNames } from './registry';
import { runJob } from './run-job';

const handle = setupTestDb();
const db = () => handle().db;

async function enqueueWelcome() {
  const suffix = uniqueSuffix();
  const recipient = `welcome-${suffix}@bursar.test`;
  await enqueueNotification(db(), { template: 'subscription-started', recipient, dedupeKey: `sub:${suffix}`, data: SubscriptionStartedEmail.PreviewProps });
  return recipient;
}

describe('job runner', () => {
  it('knows its jobs by name', () => {
    expect(jobNames).toContain('deliver-notifications');
    expect(isJobName('deliver-notifications')).toBe(true);
    expect(isJobName('toString')).toBe(false);
  });

  it('runJob drains the outbox in batches and reports counts', async () => {
    const recipients = await Promise.all(Array.from({ length: 60 }, () => enqueueWelcome()));
    const run = await runJob('deliver-notifications', { db: db(), workerId: 'test' });
    expect(run.result).toMatchObject({ batches: 2, claimed: 60, sent: 60 });
    const [last] = await db().select().from(mailboxMessages).where(eq(mailboxMessages.to, recipients[59] ?? ''));
    expect(last?.text).toContain('$29.00');
  });

  it('the loop delivers without being asked, and stop() waits for the run in flight', async () => {
    const recipient = await enqueueWelcome();
    const loop = startJobLoop({ workerId: 'loop-test', db: db() });
    try {
      await expect.poll(async () => (await db().select().from(outbox).where(eq(outbox.recipient, recipient)))[0]?.status, { timeout: 10_000 }).toBe('sent');
    } finally {
      await loop.stop();
    }
    expect(await db().select().from(mailboxMessages).where(eq(mailboxMessages.to, recipient))).toHaveLength(1);
  });
});
