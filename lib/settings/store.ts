import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { findStoreSettings, type StoreSettingsValues } from '@/db/queries/store-settings';

/** The store's details as every reader (receipts, emails, dispute evidence) uses them. */
export type StoreSettings = {
  sellerName: string;
  /** The postal address, one entry per printed line. */
  addressLines: string[];
  taxId: string | null;
  supportEmail: string;
  refundPolicy: string;
  /** False until an admin has saved the settings page: the values are placeholders. */
  configured: boolean;
};

/** What a fresh install prints until the admin fills in /admin/settings. */
export const DEFAULT_STORE_SETTINGS: StoreSettingsValues = {
  sellerName: 'Bursar Demo Store',
  address: '123 Example Street\nSpringfield, ST 00000\nUnited States',
  taxId: null,
  supportEmail: 'support@bursar.example',
  refundPolicy: 'Courses can be refunded within 14 days of purchase if you have completed less than a quarter of the lessons. Write to our support address to ask for a refund.',
};

export function toStoreSettings(values: StoreSettingsValues, configured: boolean): StoreSettings {
  return {
    sellerName: values.sellerName,
    addressLines: splitAddress(values.address),
    taxId: values.taxId?.trim() ? values.taxId.trim() : null,
    supportEmail: values.supportEmail,
    refundPolicy: values.refundPolicy,
    configured,
  };
}

export function splitAddress(address: string): string[] {
  return address
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * The store's settings, defaults filled in. The function other parts call (receipts, the
 * notification worker, dispute evidence): one small read by primary key.
 */
export async function getStoreSettings(db: Database): Promise<StoreSettings> {
  const row = await findStoreSettings(db);
  return row ? toStoreSettings(row, true) : toStoreSettings(DEFAULT_STORE_SETTINGS, false);
}

/**
 * The parts of a dispute's evidence the store settings answer, in Stripe's field names
 * (`disputes.update({ evidence })`). Text fields only: Stripe caps each at 20,000 characters.
 * The admin-ops dispute page merges this with what it knows about the payment.
 */
export type SettingsDisputeEvidence = Required<Pick<Stripe.DisputeUpdateParams.Evidence, 'refund_policy_disclosure' | 'uncategorized_text'>>;

export function disputeEvidenceFromSettings(settings: StoreSettings): SettingsDisputeEvidence {
  const seller = [settings.sellerName, ...settings.addressLines, settings.taxId ? `Tax ID: ${settings.taxId}` : null, `Support: ${settings.supportEmail}`]
    .filter(Boolean)
    .join('\n');
  return {
    refund_policy_disclosure: `Refund policy (printed on every receipt and in every receipt email):\n\n${settings.refundPolicy}`.slice(0, 20_000),
    uncategorized_text: `Seller:\n${seller}`.slice(0, 20_000),
  };
}

/** Convenience for the dispute evidence form: read the settings and shape them for Stripe. */
export async function getDisputeEvidenceDefaults(db: Database) {
  return disputeEvidenceFromSettings(await getStoreSettings(db));
}
