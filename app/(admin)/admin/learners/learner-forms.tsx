'use client';

import { ActionForm, Field, inputClass } from '@/components/forms/action-form';
import { addNoteAction, grantAccessAction, resendReceiptAction, revokeAccessAction } from './actions';

// The learner page's forms. Hidden fields carry ids and an attempt id made at render; what
// the admin decides (course, reason, end date, note) is typed, and validated on the server.

export function GrantAccessForm({ userId, courses, today }: { userId: string; courses: { id: string; title: string; status: string }[]; today: string }) {
  return (
    <ActionForm action={grantAccessAction} hidden={{ userId }} submitLabel="Grant access" pendingLabel="Granting…" successMessage="Access granted." resetOnSuccess className="space-y-3">
      <Field name="courseId" label="Course">
        {(control) => (
          <select {...control} defaultValue="" className={inputClass}>
            <option value="" disabled>
              Choose a course…
            </option>
            {courses.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
                {c.status === 'published' ? '' : ` (${c.status})`}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="reason" label="Reason" hint="Kept with the grant and in the audit log, e.g. “Conference speaker”.">
        {(control) => <input {...control} maxLength={500} autoComplete="off" className={inputClass} />}
      </Field>
      <Field name="expiresOn" label="Last day of access (optional)" hint="Access ends after this day (UTC). Leave empty for no end.">
        {(control) => <input {...control} type="date" min={today} className={inputClass} />}
      </Field>
    </ActionForm>
  );
}

export function RevokeAccessForm({ userId, enrollmentId, courseTitle }: { userId: string; enrollmentId: string; courseTitle: string }) {
  return (
    <details className="group">
      <summary className="cursor-pointer text-sm font-medium text-red-700 underline-offset-2 hover:underline">Revoke…</summary>
      <ActionForm action={revokeAccessAction} hidden={{ userId, enrollmentId }} submitLabel={`Revoke access to ${courseTitle}`} pendingLabel="Revoking…" variant="danger" successMessage="Access revoked." className="mt-2 space-y-2">
        <p className="text-xs text-slate-600">The learner can no longer open this course. No money moves: refund from the payment if that is owed.</p>
        <Field name="reason" label="Reason">
          {(control) => <input {...control} maxLength={500} autoComplete="off" className={inputClass} />}
        </Field>
      </ActionForm>
    </details>
  );
}

export function AddNoteForm({ userId }: { userId: string }) {
  return (
    <ActionForm action={addNoteAction} hidden={{ userId }} submitLabel="Add note" pendingLabel="Saving…" successMessage="Note saved." resetOnSuccess className="space-y-2">
      <Field name="body" label="New note" hint="Visible to admins only, kept with your name and the time.">
        {(control) => <textarea {...control} rows={3} maxLength={4000} className={`${inputClass} max-w-xl`} />}
      </Field>
    </ActionForm>
  );
}

export function ResendReceiptForm({ userId, paymentId, attemptId }: { userId: string; paymentId: string; attemptId: string }) {
  return (
    <ActionForm action={resendReceiptAction} hidden={{ userId, paymentId, attemptId }} submitLabel="Resend receipt" pendingLabel="Queuing…" variant="secondary" successMessage="Receipt queued." submitClassName="px-2 py-1 text-xs" className="space-y-1" />
  );
}
