import { formatMoney } from '@/lib/billing/money';
import { cn } from '@/components/ui/cn';

/**
 * An amount in its own currency ("$49.00", "¥4,800", "€12.50"), from integer minor units, with
 * Stripe's zero- and three-decimal rules. Amounts in different currencies are never added up:
 * show a list (MoneyList) instead.
 */
export function MoneyAmount({ amount, currency, className, negative }: { amount: number; currency: string; className?: string; negative?: boolean }) {
  const text = formatMoney({ amount: Math.abs(amount), currency });
  const sign = negative || amount < 0 ? '−' : '';
  return <span className={cn('tabular-nums whitespace-nowrap', className)}>{sign + text}</span>;
}

/** One amount per currency, one per line, never summed across currencies. */
export function MoneyList({ amounts, empty = '—' }: { amounts: Array<{ amount: number; currency: string }>; empty?: string }) {
  if (amounts.length === 0) return <span className="text-slate-500">{empty}</span>;
  return (
    <span className="flex flex-col">
      {amounts.map((m) => (
        <MoneyAmount key={m.currency} amount={m.amount} currency={m.currency} />
      ))}
    </span>
  );
}

/** "USD", "JPY": how a currency is labelled in filters and headings. */
export function currencyLabel(currency: string): string {
  return currency.toUpperCase();
}
