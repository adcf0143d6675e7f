import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { PurchaseRow } from '@/db/queries/account';
import { formatMoney } from '@/lib/billing/money';
import { formatAccountDate, paymentMethodLabel } from './purchase-format';
import { describePaymentStatus } from './purchase-status';

/** What the payment bought, in the words the learner saw at checkout. */
export function purchaseItemName(row: Pick<PurchaseRow, 'courseTitle' | 'planName' | 'description'>): string {
  return row.courseTitle ?? row.planName ?? row.description ?? 'Payment';
}

/**
 * One card per payment rather than a table: it stays readable at phone width without
 * horizontal scrolling, and becomes a three-column row from `sm` up.
 */
export function PurchaseList({ purchases }: { purchases: PurchaseRow[] }) {
  return (
    <ul className="space-y-3" aria-label="Purchases">
      {purchases.map((row) => (
        <PurchaseItem key={row.id} row={row} />
      ))}
    </ul>
  );
}

function PurchaseItem({ row }: { row: PurchaseRow }) {
  const name = purchaseItemName(row);
  const date = formatAccountDate(row.createdAt);
  const status = describePaymentStatus(row.status);
  const method = paymentMethodLabel({ type: row.paymentMethodType, brand: row.cardBrand, last4: row.cardLast4 });
  const link = 'font-semibold text-brand-600 hover:underline';
  return (
    <li data-testid="purchase" className="grid gap-2 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-[7.5rem_1fr_auto] sm:gap-x-4">
      <p className="text-sm text-slate-500">
        <time dateTime={row.createdAt.toISOString()}>{date}</time>
      </p>
      <div className="min-w-0 space-y-1">
        <p className="font-semibold break-words">{name}</p>
        <p className="text-sm text-slate-600">{method ?? 'Payment method not recorded'}</p>
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <Link href={`/account/receipts/${row.id}`} className={link} aria-label={`Receipt for ${name}, ${date}`}>
            Receipt
          </Link>
          {row.hostedInvoiceUrl ? (
            <a href={row.hostedInvoiceUrl} target="_blank" rel="noopener noreferrer" className={link}>
              Invoice<span className="sr-only"> {row.invoiceNumber ?? ''} (opens Stripe)</span>
            </a>
          ) : null}
          {row.invoicePdf ? (
            <a href={row.invoicePdf} target="_blank" rel="noopener noreferrer" className={link}>
              PDF<span className="sr-only"> of the invoice</span>
            </a>
          ) : null}
        </p>
      </div>
      <div className="flex items-center justify-between gap-3 sm:flex-col sm:items-end sm:justify-start">
        <p className="font-semibold tabular-nums" data-testid="purchase-amount">
          {formatMoney({ amount: row.amount, currency: row.currency })}
        </p>
        <Badge tone={status.tone}>{status.label}</Badge>
        {row.amountRefunded > 0 ? (
          <p className="text-xs text-slate-500 sm:text-right">
            {formatMoney({ amount: row.amountRefunded, currency: row.currency })} refunded
          </p>
        ) : null}
      </div>
    </li>
  );
}
