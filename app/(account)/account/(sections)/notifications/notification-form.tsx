'use client';

import { ActionForm, Field, inputClass } from '@/components/forms/action-form';
import { OPTIONAL_EMAILS, type OptionalEmail } from '@/lib/notifications/preferences';
import { saveNotificationSettings } from './actions';

type Props = { preferences: Record<OptionalEmail, boolean>; phone: string | null; smsOptIn: boolean };

export function NotificationForm({ preferences, phone, smsOptIn }: Props) {
  return (
    <ActionForm action={saveNotificationSettings} submitLabel="Save preferences" pendingLabel="Saving…" successMessage="Saved." errorPlacement="before-submit" className="space-y-6">
      <fieldset className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
        <legend className="px-1 text-sm font-semibold">Email</legend>
        <label className="flex gap-3 text-sm text-slate-500">
          <input type="checkbox" checked disabled aria-describedby="always-note" />
          <span>
            Receipts, payment problems and legal notices
            <span id="always-note" className="block text-xs">Always sent — they are records of your money.</span>
          </span>
        </label>
        {(Object.keys(OPTIONAL_EMAILS) as OptionalEmail[]).map((key) => (
          <label key={key} className="flex gap-3 text-sm">
            <input type="checkbox" name={key} defaultChecked={preferences[key]} />
            <span>
              {OPTIONAL_EMAILS[key].label}
              <span className="block text-xs text-slate-500">{OPTIONAL_EMAILS[key].description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
        <legend className="px-1 text-sm font-semibold">Text messages</legend>
        <Field name="phone" label="Mobile number">
          {(control) => <input {...control} type="tel" autoComplete="tel" defaultValue={phone ?? ''} placeholder="+1 415 555 0100" className={inputClass} />}
        </Field>
        <label className="flex gap-3 text-sm">
          <input type="checkbox" name="smsOptIn" defaultChecked={smsOptIn} />
          <span>Text me when a payment fails</span>
        </label>
      </fieldset>
    </ActionForm>
  );
}
