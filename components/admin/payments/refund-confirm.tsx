'use client';

import Link from 'next/link';
import { ActionForm } from '@/components/forms/action-form';
import { refundPaymentAction } from '@/app/(admin)/admin/payments/[id]/actions';

type Props = {
  paymentId: string;
  attemptId: string;
  amount: string;
  reason: string;
  access: 'keep' | 'revoke';
  note: string;
  label: string;
  effects: string[];
  cancelHref: string;
};

/**
 * The last step of a refund: exactly what will happen, then one button. The hidden fields are
 * the values the admin just reviewed (the server checks them again against the payment as it is
 * then); the attempt id, fixed when this rendered, is the refund's idempotency key.
 */
export function RefundConfirm({ paymentId, attemptId, amount, reason, access, note, label, effects, cancelHref }: Props) {
  return (
    <section aria-labelledby="confirm-h" className="rounded-xl border-2 border-amber-300 bg-amber-50 p-4" data-testid="refund-confirm">
      <h3 id="confirm-h" className="text-base font-semibold text-amber-950">
        Confirm: {label}
      </h3>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-amber-950">
        {effects.map((effect) => (
          <li key={effect}>{effect}</li>
        ))}
      </ul>
      <div className="mt-4 flex flex-wrap items-start gap-3">
        <ActionForm
          action={refundPaymentAction}
          hidden={{ paymentId, attemptId, amount, reason, access, note }}
          submitLabel={label}
          pendingLabel="Refunding…"
          variant="danger"
          errorPlacement="after-submit"
        />
        <Link href={cancelHref} className="rounded-lg px-4 py-2 text-sm font-semibold text-slate-700 ring-1 ring-slate-300 hover:bg-white">
          Change
        </Link>
      </div>
    </section>
  );
}
