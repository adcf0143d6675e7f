'use client';

import { ActionForm, Field, inputClass, useFieldError } from '@/components/forms/action-form';
import { cancelSubscriptionAction } from './actions';

function WhenChoice({ canWaitForPeriodEnd, periodEnd }: { canWaitForPeriodEnd: boolean; periodEnd: string | null }) {
  const error = useFieldError('when');
  return (
    <fieldset className="space-y-2" aria-describedby={error ? 'when-error' : undefined}>
      <legend className="text-sm font-medium">When does it end?</legend>
      {canWaitForPeriodEnd ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="when" value="period_end" defaultChecked className="mt-1" />
          <span>
            <span className="font-medium">At the end of the period</span>
            <span className="block text-slate-600">No further payments; the learner keeps All-Access until {periodEnd ?? 'the period ends'}.</span>
          </span>
        </label>
      ) : null}
      <label className="flex items-start gap-2 text-sm">
        <input type="radio" name="when" value="now" defaultChecked={!canWaitForPeriodEnd} className="mt-1" />
        <span>
          <span className="font-medium">Now</span>
          <span className="block text-slate-600">All-Access ends at once; nothing is refunded automatically (refund from the payment if owed).</span>
        </span>
      </label>
      {error ? (
        <p id="when-error" role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function CancelSubscriptionForm({ subscriptionId, attemptId, canWaitForPeriodEnd, periodEnd }: { subscriptionId: string; attemptId: string; canWaitForPeriodEnd: boolean; periodEnd: string | null }) {
  return (
    <ActionForm action={cancelSubscriptionAction} hidden={{ subscriptionId, attemptId }} submitLabel="Cancel subscription" pendingLabel="Asking Stripe…" variant="danger" successMessage="Stripe accepted the cancellation." className="space-y-3">
      <WhenChoice canWaitForPeriodEnd={canWaitForPeriodEnd} periodEnd={periodEnd} />
      <Field name="reason" label="Reason" hint="Kept in the audit log and sent to Stripe as the cancellation comment.">
        {(control) => <input {...control} maxLength={500} autoComplete="off" className={inputClass} />}
      </Field>
    </ActionForm>
  );
}
