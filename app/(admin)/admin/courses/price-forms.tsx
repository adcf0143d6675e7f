'use client';

import { ActionForm, Field, inputClass } from '@/components/forms/action-form';
import { migrateSubscribersAction, setPriceAction } from './price-actions';

type Owner = { ownerKind: 'course' | 'plan'; ownerId: string };

/** Sets the price for one currency (and interval): a new Stripe price; the old one is archived. */
export function SetPriceForm({ owner, attemptId, currency, interval, currencies, label }: { owner: Owner; attemptId: string; currency?: string; interval?: 'month' | 'year'; currencies?: string[]; label: string }) {
  const hidden: Record<string, string> = { ...owner, attemptId, ...(currency ? { currency } : {}), ...(interval ? { interval } : {}) };
  return (
    <ActionForm action={setPriceAction} hidden={hidden} submitLabel={label} pendingLabel="Creating in Stripe…" successMessage="Saved. New buyers pay this price." resetOnSuccess className="flex flex-wrap items-end gap-3" submitClassName="mb-0.5">
      {currency ? null : (
        <Field name="currency" label="Currency">
          {(control) => (
            <select {...control} defaultValue="" className={`${inputClass} w-28`}>
              <option value="" disabled>Choose</option>
              {(currencies ?? []).map((c) => (
                <option key={c} value={c}>{c.toUpperCase()}</option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field name="amount" label={currency ? `New ${currency.toUpperCase()} amount` : 'Amount'} hint="In major units, like 49.00 (JPY: whole yen).">
        {(control) => <input {...control} inputMode="decimal" autoComplete="off" className={`${inputClass} w-36`} />}
      </Field>
    </ActionForm>
  );
}

export function MigrateSubscribersForm({ fromPriceId, count, choices }: { fromPriceId: string; count: number; choices: Record<string, string> }) {
  return (
    <ActionForm action={migrateSubscribersAction} hidden={{ fromPriceId }} submitLabel={`Move ${count} subscriber${count === 1 ? '' : 's'} to the current price`} pendingLabel="Moving…" successMessage="Moved in Stripe; their subscriptions update within seconds." variant="secondary">
      <fieldset className="space-y-1 text-sm">
        <legend className="font-medium">Proration</legend>
        {Object.entries(choices).map(([value, text], i) => (
          <label key={value} className="flex gap-2">
            <input type="radio" name="proration" value={value} defaultChecked={i === 0} className="mt-1" />
            <span>{text}</span>
          </label>
        ))}
      </fieldset>
    </ActionForm>
  );
}
