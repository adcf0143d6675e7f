'use client';

import { ActionForm, Field, inputClass } from '@/components/forms/action-form';

/** Evidence is long prose and logs: the full width of the card, not the short-input width. */
const textareaClass = 'w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs sm:text-sm aria-[invalid=true]:border-red-600';
import { EVIDENCE_FIELDS, EVIDENCE_LABELS, type EvidenceDraft } from '@/lib/admin/dispute-evidence';
import { saveEvidenceAction, submitEvidenceAction } from './actions';

const LONG = new Set(['product_description', 'access_activity_log', 'refund_policy_disclosure', 'refund_refusal_explanation', 'cancellation_policy_disclosure', 'cancellation_rebuttal', 'uncategorized_text']);

/** Every evidence field, editable, saved as the local draft. */
export function EvidenceForm({ disputeId, draft }: { disputeId: string; draft: EvidenceDraft }) {
  return (
    <ActionForm action={saveEvidenceAction} hidden={{ disputeId }} submitLabel="Save draft" pendingLabel="Saving…" variant="secondary" successMessage="Draft saved." className="space-y-4">
      {EVIDENCE_FIELDS.map((field) => (
        <Field key={field} name={field} label={EVIDENCE_LABELS[field].label} hint={EVIDENCE_LABELS[field].hint}>
          {(control) =>
            LONG.has(field) ? (
              <textarea {...control} defaultValue={draft[field]} rows={field === 'access_activity_log' ? 12 : 4} maxLength={20000} className={textareaClass} />
            ) : (
              <input {...control} defaultValue={draft[field]} maxLength={20000} className={`${inputClass} sm:max-w-xl`} />
            )
          }
        </Field>
      ))}
    </ActionForm>
  );
}

/** Sends the saved draft to Stripe; after this the evidence cannot change. */
export function SubmitEvidenceForm({ disputeId, attemptId }: { disputeId: string; attemptId: string }) {
  return (
    <ActionForm action={submitEvidenceAction} hidden={{ disputeId, attemptId }} submitLabel="Submit evidence to Stripe" pendingLabel="Submitting…" successMessage="Submitted. Stripe forwards it to the bank." className="space-y-2" />
  );
}
