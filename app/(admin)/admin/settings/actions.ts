'use server';

import { getDb } from '@/db/client';
import { saveStoreSettings, type StoreSettingsValues } from '@/db/queries/store-settings';
import { adminAction, formSchema } from '@/lib/actions/client';
import { auditAdminChange } from '@/lib/audit/admin-change';
import { storeSettingsInput } from '@/lib/settings/schema';

/** Saves the store settings (receipts, emails and dispute evidence read them), audited. */
export const saveStoreSettingsAction = adminAction.inputSchema(formSchema(storeSettingsInput)).stateAction(async ({ parsedInput, ctx }) => {
  await saveStoreSettings(await getDb(), parsedInput, ctx.admin.id, (tx, before, after) =>
    auditAdminChange(tx, {
      adminId: ctx.admin.id,
      action: 'store_settings.update',
      entityType: 'store_settings',
      entityId: '1',
      before: before ? valuesOf(before) : null,
      after: valuesOf(after),
    }),
  );
  return { saved: true };
});

function valuesOf(row: StoreSettingsValues): StoreSettingsValues {
  return { sellerName: row.sellerName, address: row.address, taxId: row.taxId, supportEmail: row.supportEmail, refundPolicy: row.refundPolicy };
}
