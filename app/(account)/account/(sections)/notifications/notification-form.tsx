'use client';

import { useActionState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { OPTIONAL_EMAILS, type OptionalEmail } from '@/lib/notifications/preferences';
import { type FormState, saveNotificationSettings } from './actions';

type Props = { preferences: Record<OptionalEmail, boolean>; phone: string | null; smsOptIn: boolean };

export function NotificationForm({ preferences, phone, smsOptIn }: Props) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveNotificationSettings, {});
  return (
    <form action={action} className="space-y-6">
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
        <div>
          <label htmlFor="phone" className="block text-sm font-medium">Mobile number</label>
          <input
            id="phone"
            name="phone"
            type="tel"
            autoComplete="tel"
            defaultValue={phone ?? ''}
            placeholder="+1 415 555 0100"
            aria-invalid={state.field === 'phone' ? true : undefined}
            aria-describedby={state.field === 'phone' ? 'form-error' : undefined}
            className="mt-1 w-full max-w-xs rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
        <label className="flex gap-3 text-sm">
          <input type="checkbox" name="smsOptIn" defaultChecked={smsOptIn} />
          <span>Text me when a payment fails</span>
        </label>
      </fieldset>
      {state.error ? <p id="form-error" role="alert" className="text-sm text-red-700">{state.error}</p> : null}
      {state.ok ? <p role="status" className="text-sm text-emerald-700">Saved.</p> : null}
      <button type="submit" disabled={pending} className={buttonClass('primary')}>{pending ? 'Saving…' : 'Save preferences'}</button>
    </form>
  );
}
