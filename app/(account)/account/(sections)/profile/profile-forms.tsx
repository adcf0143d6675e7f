'use client';

import { useActionState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { deleteMyAccount, type ProfileState, saveProfile } from './actions';

export function NameForm({ name, email }: { name: string | null; email: string }) {
  const [state, action, pending] = useActionState<ProfileState, FormData>(saveProfile, {});
  return (
    <form action={action} className="space-y-4 rounded-xl border border-slate-200 bg-white p-5">
      <div>
        <label htmlFor="name" className="block text-sm font-medium">Name</label>
        <input id="name" name="name" defaultValue={name ?? ''} maxLength={100} autoComplete="name" className="mt-1 w-full max-w-sm rounded-md border border-slate-300 px-3 py-2" />
      </div>
      <div>
        <p className="text-sm font-medium">Email</p>
        <p className="text-sm text-slate-600">{email}</p>
      </div>
      {state.error ? <p role="alert" className="text-sm text-red-700">{state.error}</p> : null}
      {state.ok ? <p role="status" className="text-sm text-emerald-700">Saved.</p> : null}
      <button type="submit" disabled={pending} className={buttonClass('primary')}>{pending ? 'Saving…' : 'Save'}</button>
    </form>
  );
}

export function DeleteAccountForm() {
  const [state, action, pending] = useActionState<ProfileState, FormData>(deleteMyAccount, {});
  return (
    <form action={action} className="space-y-3 rounded-xl border border-red-200 bg-white p-5">
      <h2 className="text-lg font-semibold text-red-800">Delete account</h2>
      <p className="text-sm text-slate-700">
        Your subscription (if any) stops renewing and ends with the period you paid for; your name, email and phone are
        removed and you are signed out. Receipts and payment records are kept anonymously for as long as tax law requires.
        This cannot be undone.
      </p>
      <div>
        <label htmlFor="confirm" className="block text-sm font-medium">Type DELETE to confirm</label>
        <input id="confirm" name="confirm" autoComplete="off" className="mt-1 w-full max-w-xs rounded-md border border-slate-300 px-3 py-2" />
      </div>
      {state.error ? <p role="alert" className="text-sm text-red-700">{state.error}</p> : null}
      <button type="submit" disabled={pending} className={buttonClass('danger')}>
        {pending ? 'Deleting…' : 'Delete my account'}
      </button>
    </form>
  );
}
