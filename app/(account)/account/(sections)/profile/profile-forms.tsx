'use client';

import { ActionForm, Field, inputClass } from '@/components/forms/action-form';
import { deleteMyAccount, saveProfile } from './actions';

export function NameForm({ name, email }: { name: string | null; email: string }) {
  return (
    <ActionForm action={saveProfile} submitLabel="Save" pendingLabel="Saving…" successMessage="Saved." className="space-y-4 rounded-xl border border-slate-200 bg-white p-5">
      <Field name="name" label="Name">
        {(control) => <input {...control} defaultValue={name ?? ''} maxLength={100} autoComplete="name" className={inputClass} />}
      </Field>
      <div>
        <p className="text-sm font-medium">Email</p>
        <p className="text-sm text-slate-600">{email}</p>
      </div>
    </ActionForm>
  );
}

export function DeleteAccountForm() {
  return (
    <ActionForm action={deleteMyAccount} submitLabel="Delete my account" pendingLabel="Deleting…" variant="danger" className="space-y-3 rounded-xl border border-red-200 bg-white p-5">
      <h2 className="text-lg font-semibold text-red-800">Delete account</h2>
      <p className="text-sm text-slate-700">
        Your subscription (if any) stops renewing and ends with the period you paid for; your name, email and phone are
        removed and you are signed out. Receipts and payment records are kept anonymously for as long as tax law requires.
        This cannot be undone.
      </p>
      <Field name="confirm" label="Type DELETE to confirm">
        {(control) => <input {...control} autoComplete="off" className={inputClass} />}
      </Field>
    </ActionForm>
  );
}
