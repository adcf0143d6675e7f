import { desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { saveStoreSettings } from '@/db/queries/store-settings';
import { auditLog, mailboxMessages, storeSettings } from '@/db/schema';
import { uniqueSuffix } from '@/db/seed/factories';
import { PurchaseReceiptEmail } from '@/emails/purchase-receipt';
import { auditAdminChange } from '@/lib/audit/admin-change';
import { enqueueNotification } from '@/lib/notifications/outbox';
import { deliverDueNotifications } from '@/lib/notifications/worker';
import { expectSqlState, setupTestDb } from '@/tests/support/test-db';
import { storeSettingsInput } from './schema';
import { DEFAULT_STORE_SETTINGS, disputeEvidenceFromSettings, getStoreSettings } from './store';

const handle = setupTestDb();
const db = () => handle().db;

const acme = {
  sellerName: 'Acme Learning GmbH',
  address: 'Hauptstraße 1\n10115 Berlin\nGermany',
  taxId: 'DE123456789',
  supportEmail: 'help@acme.example',
  refundPolicy: 'Full refund within 30 days, no questions asked.',
};

async function save(values: typeof acme, adminId = 'admin-1') {
  return saveStoreSettings(db(), values, adminId, (tx, before, after) =>
    auditAdminChange(tx, { adminId, action: 'store_settings.update', entityType: 'store_settings', entityId: '1', before, after: { ...after } }),
  );
}

describe('store settings', () => {
  it('falls back to placeholders until an admin saves, then reads what was saved', async () => {
    const before = await getStoreSettings(db());
    expect(before).toMatchObject({ sellerName: DEFAULT_STORE_SETTINGS.sellerName, configured: false });

    await save(acme);
    const after = await getStoreSettings(db());
    expect(after).toEqual({
      sellerName: 'Acme Learning GmbH',
      addressLines: ['Hauptstraße 1', '10115 Berlin', 'Germany'],
      taxId: 'DE123456789',
      supportEmail: 'help@acme.example',
      refundPolicy: 'Full refund within 30 days, no questions asked.',
      configured: true,
    });
  });

  it('writes one audit row per save holding only the fields that changed, before and after', async () => {
    await save(acme);
    await save({ ...acme, supportEmail: 'billing@acme.example' }, 'admin-2');
    const [row] = await db().select().from(auditLog).where(eq(auditLog.entityType, 'store_settings')).orderBy(desc(auditLog.id)).limit(1);
    expect(row).toMatchObject({ actorType: 'admin', actorUserId: 'admin-2', action: 'store_settings.update' });
    expect(row?.data).toMatchObject({ before: { supportEmail: 'help@acme.example' }, after: { supportEmail: 'billing@acme.example' } });
    expect(Object.keys((row?.data as { after: object }).after).sort()).toEqual(['supportEmail', 'updatedAt', 'updatedBy']);
  });

  it('keeps exactly one row: the database refuses a second', async () => {
    await save(acme);
    await expectSqlState(() => db().insert(storeSettings).values({ id: 2, ...acme }), '23514');
    expect(await db().$count(storeSettings)).toBe(1);
  });

  it('validates the form: required fields, a real email, printable text', () => {
    const schema = z.object(storeSettingsInput);
    expect(schema.safeParse({ ...acme, taxId: '' }).data?.taxId).toBeNull();
    const bad = schema.safeParse({ sellerName: '  ', address: 'x', taxId: 'DE<script>', supportEmail: 'nope', refundPolicy: 'ok\u0000' });
    expect(bad.success).toBe(false);
    const fields = Object.keys(z.flattenError(bad.error!).fieldErrors).sort();
    expect(fields).toEqual(['refundPolicy', 'sellerName', 'supportEmail', 'taxId']);
  });

  it('shapes dispute evidence from the settings', async () => {
    await save(acme);
    const evidence = disputeEvidenceFromSettings(await getStoreSettings(db()));
    expect(evidence.refund_policy_disclosure).toContain('Full refund within 30 days');
    expect(evidence.uncategorized_text).toBe('Seller:\nAcme Learning GmbH\nHauptstraße 1\n10115 Berlin\nGermany\nTax ID: DE123456789\nSupport: help@acme.example');
  });

  it('prints the current seller details and refund policy in the emails the worker sends', async () => {
    await save(acme);
    const recipient = `learner-${uniqueSuffix()}@bursar.test`;
    await enqueueNotification(db(), {
      template: 'purchase-receipt',
      channel: 'email',
      recipient,
      dedupeKey: `receipt:pi_${uniqueSuffix()}`,
      data: PurchaseReceiptEmail.PreviewProps,
    });
    await deliverDueNotifications(db(), { workerId: 'test' });
    const [mail] = await db().select().from(mailboxMessages).where(eq(mailboxMessages.to, recipient));
    expect(mail?.text).toContain('Acme Learning GmbH');
    expect(mail?.text).toContain('10115 Berlin');
    expect(mail?.text).toContain('Tax ID: DE123456789');
    expect(mail?.text).toContain('help@acme.example');
    expect(mail?.text).toContain('Full refund within 30 days');
  });
});
