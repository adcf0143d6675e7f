import { MoneyAmount } from '@/components/admin/money';
import { paymentMethodLabel, receiptNumberFor } from '@/lib/billing/payment-method-label';

/** "Visa •••• 4242", "SEPA Direct Debit", or the method type as Stripe names it. */
export function methodText(p: { paymentMethodType: string | null; cardBrand: string | null; cardLast4: string | null }): string {
  return paymentMethodLabel({ type: p.paymentMethodType, brand: p.cardBrand, last4: p.cardLast4 }) ?? (p.paymentMethodType ? p.paymentMethodType.replaceAll('_', ' ') : '—');
}

export { receiptNumberFor };

/** The amount, with what was refunded of it underneath. */
export function AmountCell({ amount, amountRefunded, currency }: { amount: number; amountRefunded: number; currency: string }) {
  return (
    <span className="flex flex-col items-end">
      <MoneyAmount amount={amount} currency={currency} className="font-medium" />
      {amountRefunded > 0 ? (
        <span className="text-xs text-slate-500">
          <MoneyAmount amount={amountRefunded} currency={currency} /> refunded
        </span>
      ) : null}
    </span>
  );
}
