'use client';

import { ActionForm } from '@/components/forms/action-form';
import { startCheckout } from './actions';

type Props = {
  label: string;
  /** Hidden fields naming what to buy; never a price or an amount (nor an attempt id: made in the browser). */
  fields: Record<string, string>;
  variant?: 'primary' | 'secondary';
};

/** A form button that starts hosted Checkout; shows a refusal or error inline. */
export function CheckoutButton({ label, fields, variant = 'primary' }: Props) {
  return (
    <ActionForm action={startCheckout} hidden={fields} browserAttemptField="attemptId" submitLabel={label} pendingLabel="Opening secure checkout…" variant={variant} submitClassName="w-full" className="space-y-2" />
  );
}
