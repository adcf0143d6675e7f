'use client';

import { useActionState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { type CheckoutActionState, startCheckout } from './actions';

type Props = {
  label: string;
  /** Hidden fields naming what to buy; never a price or an amount. */
  fields: Record<string, string>;
  variant?: 'primary' | 'secondary';
};

/** A form button that starts hosted Checkout; shows a refusal or error inline. */
export function CheckoutButton({ label, fields, variant = 'primary' }: Props) {
  const [state, action, pending] = useActionState<CheckoutActionState, FormData>(startCheckout, {});
  return (
    <form action={action} className="space-y-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" disabled={pending} aria-busy={pending} className={buttonClass(variant, 'w-full')}>
        {pending ? 'Opening secure checkout…' : label}
      </button>
      {state.error ? (
        <p role="alert" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
