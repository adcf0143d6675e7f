import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findOutboxMessage, listOutboxForAdmin } from '@/db/queries/admin-notifications';
import { auditLog, outbox } from '@/db/schema';
import { uniqueSuffix } from '@/db/seed/factories';
import { templatePreviews } from '@/lib/notifications/previews';
import { enqueueNotification } from '@/lib/notifications/outbox';
import { refusal } from '@/tests/support/refusal';
import { setupTestDb } from '@/tests/support/test-db';
import { parseOutboxFilters } from './filters';
import { renderOutboxPreview } from './preview';
import { resendFailedNotification } from './resend';

const handle = setupTestDb();
const db = () => handle().db;
const ADMIN = 'admin-outbox';

async function queue(status: 'pending' | 'sent' | 'failed', recipient: string, channel: 'email' | 'sms' = 'email') {
  const dedupeKey = `test:${uniqueSuffix()}`;
  await enqueueNotification(db(), { template: 'purchase-receipt', channel, recipient, dedupeKey, data: templatePreviews['purchase-receipt'] });
  const [row] = await db()
    .update(outbox)
    .set({ status, attempts: status === 'failed' ? 6 : status === 'sent' ? 1 : 0, lastError: status === 'failed' ? 'Resend refused the email: invalid from address' : null })
    .where(eq(outbox.dedupeKey, dedupeKey))
    .returning();
  return row!;
}

describe('the admin outbox', () => {
  it('lists failed messages first, then newest first, filters, and pages without repeats', async () => {
    const prefix = `outbox-${uniqueSuffix()}`;
    const failed = await queue('failed', `${prefix}-a@bursar.test`);
    const sent = await queue('sent', `${prefix}-b@bursar.test`);
    const pending = await queue('pending', `${prefix}-c@bursar.test`);
    const sms = await queue('failed', `${prefix}-d@bursar.test`, 'sms');
    const all = await listOutboxForAdmin(db(), { recipient: prefix.toUpperCase() }, null);
    expect(all.rows.map((r) => r.id)).toEqual([sms.id, failed.id, pending.id, sent.id]);

    const first = await listOutboxForAdmin(db(), { recipient: prefix }, null, 3);
    const second = await listOutboxForAdmin(db(), { recipient: prefix }, first.nextCursor, 3);
    expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
    expect(second.nextCursor).toBeNull();

    expect((await listOutboxForAdmin(db(), { recipient: prefix, status: 'failed', channel: 'email' }, null)).rows.map((r) => r.id)).toEqual([failed.id]);
    // A LIKE wildcard typed into the search matches itself only.
    expect((await listOutboxForAdmin(db(), { recipient: '%' }, null)).rows).toEqual([]);
    const parsed = parseOutboxFilters({ status: 'failed', channel: 'fax', to: '2026-13-45', recipient: prefix });
    expect(parsed.filter).toMatchObject({ status: 'failed', recipient: prefix });
    expect(parsed.dropped).toEqual(['channel', 'to']);
  });

  it('resends a failed message once, with one audit row; a sent one is never re-queued', async () => {
    const failed = await queue('failed', `resend-${uniqueSuffix()}@bursar.test`);
    const results = await Promise.all([resendFailedNotification(db(), ADMIN, failed.id), resendFailedNotification(db(), ADMIN, failed.id)]);
    expect(results.filter((r) => r.requeued)).toHaveLength(1);
    expect(await findOutboxMessage(db(), failed.id)).toMatchObject({ status: 'pending', attempts: 0 });
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entityId, failed.id), eq(auditLog.action, 'notification.resend')));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorUserId: ADMIN, data: { before: { status: 'failed' }, after: { status: 'pending' } } });

    const sent = await queue('sent', `resend-${uniqueSuffix()}@bursar.test`);
    expect(await resendFailedNotification(db(), ADMIN, sent.id)).toEqual({ requeued: false });
    expect(await findOutboxMessage(db(), sent.id)).toMatchObject({ status: 'sent' });
    expect(await refusal(() => resendFailedNotification(db(), ADMIN, '00000000-0000-4000-8000-000000000000'))).toMatch(/no longer exists/);
  });

  it('renders the stored message as it would go out, and says so when the data no longer fits', async () => {
    const row = await queue('sent', `render-${uniqueSuffix()}@bursar.test`);
    const preview = await renderOutboxPreview(db(), row);
    expect(preview.ok && preview.subject).toContain('receipt');
    expect(preview.ok && preview.html).toContain(templatePreviews['purchase-receipt'].courseTitle);
    expect(await renderOutboxPreview(db(), { template: 'purchase-receipt', data: { nonsense: true } })).toMatchObject({ ok: false });
    expect(await renderOutboxPreview(db(), { template: 'no-such-template', data: {} })).toMatchObject({ ok: false });
  });
});
