'use client';

import { ActionForm, Field, inputClass } from '@/components/forms/action-form';
import type { StoreSettingsValues } from '@/db/queries/store-settings';
import { saveStoreSettingsAction } from './actions';

const wide = `${inputClass} max-w-2xl`;

export function StoreSettingsForm({ values }: { values: StoreSettingsValues }) {
  return (
    <ActionForm
      action={saveStoreSettingsAction}
      submitLabel="Save settings"
      pendingLabel="Saving…"
      successMessage="Saved. Receipts and emails use these details from now on."
      errorPlacement="before-submit"
      className="space-y-5 rounded-xl border border-slate-200 bg-white p-5"
    >
      <Field name="sellerName" label="Seller name" hint="Your legal or trading name, as printed on receipts.">
        {(control) => <input {...control} defaultValue={values.sellerName} maxLength={200} autoComplete="organization" className={wide} />}
      </Field>
      <Field name="address" label="Address" hint="One line per line, up to 8 lines.">
        {(control) => <textarea {...control} defaultValue={values.address} rows={4} maxLength={1000} autoComplete="street-address" className={wide} />}
      </Field>
      <Field name="taxId" label="Tax ID (optional)" hint="VAT, GST or EIN number; printed on receipts when set.">
        {(control) => <input {...control} defaultValue={values.taxId ?? ''} maxLength={64} className={inputClass} />}
      </Field>
      <Field name="supportEmail" label="Support email" hint="Where learners write about a receipt or a refund.">
        {(control) => <input {...control} type="email" defaultValue={values.supportEmail} maxLength={254} autoComplete="email" className={inputClass} />}
      </Field>
      <Field name="refundPolicy" label="Refund policy" hint="Printed on receipts and receipt emails, and sent with dispute evidence.">
        {(control) => <textarea {...control} defaultValue={values.refundPolicy} rows={5} maxLength={5000} className={wide} />}
      </Field>
    </ActionForm>
  );
}
