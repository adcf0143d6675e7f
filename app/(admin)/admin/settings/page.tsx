import type { Metadata } from 'next';
import { PageHeader } from '@/components/admin/page-header';
import { getDb } from '@/db/client';
import { findStoreSettings } from '@/db/queries/store-settings';
import { requireAdmin } from '@/lib/auth/guards';
import { DEFAULT_STORE_SETTINGS } from '@/lib/settings/store';
import { BillingPolicy } from './billing-policy';
import { StoreSettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Store settings' };

export default async function StoreSettingsPage() {
  await requireAdmin('/admin/settings');
  const row = await findStoreSettings(await getDb());
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title="Store settings" description="Who sells: printed on every receipt and email, and sent to Stripe as dispute evidence." />
      {row ? null : (
        <p role="status" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
          Not saved yet: receipts show these placeholder details until you save your own.
        </p>
      )}
      <StoreSettingsForm values={row ?? DEFAULT_STORE_SETTINGS} />
      <BillingPolicy />
    </div>
  );
}
