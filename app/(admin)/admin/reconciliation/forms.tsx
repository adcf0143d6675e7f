'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { ActionForm, Field, inputClass } from '@/components/forms/action-form';
import { ignoreItemAction, resyncItemAction, startRunAction } from './actions';

/** "Run now" for a period of whole days (UTC), yesterday by default. */
export function StartRunForm({ defaultFrom, defaultTo }: { defaultFrom: string; defaultTo: string }) {
  return (
    <ActionForm action={startRunAction} submitLabel="Run now" pendingLabel="Queuing…" successMessage="Queued: the run appears below and shows its progress." className="flex flex-wrap items-end gap-3 space-y-0">
      <Field name="from" label="From (UTC)">
        {(control) => <input {...control} type="date" defaultValue={defaultFrom} required className={inputClass} />}
      </Field>
      <Field name="to" label="To (UTC, inclusive)">
        {(control) => <input {...control} type="date" defaultValue={defaultTo} required className={inputClass} />}
      </Field>
    </ActionForm>
  );
}

export function ResyncForm({ itemId }: { itemId: string }) {
  return <ActionForm action={resyncItemAction} hidden={{ itemId }} submitLabel="Re-sync from Stripe" pendingLabel="Re-syncing…" variant="secondary" successMessage="Re-synced." />;
}

export function IgnoreForm({ itemId }: { itemId: string }) {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-slate-700 underline">Mark as ignored…</summary>
      <ActionForm action={ignoreItemAction} hidden={{ itemId }} submitLabel="Ignore with this note" pendingLabel="Saving…" variant="secondary" className="mt-2">
        <Field name="note" label="Why is this difference fine?">
          {(control) => <textarea {...control} rows={2} maxLength={500} required className={inputClass} />}
        </Field>
      </ActionForm>
    </details>
  );
}

/** Re-renders the page from the server every few seconds while a run is queued or running. */
export function RefreshWhileRunning({ seconds = 2 }: { seconds?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return null;
}
