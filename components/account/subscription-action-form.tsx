'use client';

import { useActionState } from 'react';
import { buttonClass } from '@/components/ui/button';

export type SubscriptionActionState = { error?: string };
export type SubscriptionFormAction = (prev: SubscriptionActionState, formData: FormData) => Promise<SubscriptionActionState>;

type Props = {
  action: SubscriptionFormAction;
  /** Hidden fields: ids and the attempt id generated at render — never an amount. */
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  variant?: 'primary' | 'secondary';
};

/**
 * One button that runs a subscription server action. Works without JavaScript (a plain form
 * post); with it, the button is disabled while pending and a refusal shows inline.
 */
export function SubscriptionActionForm({ action, fields, label, pendingLabel, variant = 'primary' }: Props) {
  const [state, formAction, pending] = useActionState<SubscriptionActionState, FormData>(action, {});
  return (
    <form action={formAction} className="space-y-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" disabled={pending} aria-busy={pending} className={buttonClass(variant, 'w-full sm:w-auto')}>
        {pending ? pendingLabel : label}
      </button>
      {state.error ? (
        <p role="alert" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
