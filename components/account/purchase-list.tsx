import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { PurchaseRow } from '@/db/queries/account';
import { formatMoney } from '@/lib/billing/money';
import { formatAccountDate, paymentMethodLabel } from './purchase-format';
import { describePaymentStatus, wasCharged } from './purchase-status';

/** What the payment bought, in the words the learner saw at checkout. */
export function purchaseItemName(row: Pick<PurchaseRow, 'courseTitle' | 'planName' | 'description'>): string {
  return row.courseTitle ?? row.planName ?? row.description ?? 'Payment';
}

/** Attempts that charged nothing; an attempt is left out once a later payment for the same thing went through. */
export function splitPurchases(rows: PurchaseRow[]): { purchases: PurchaseRow[]; attempts: PurchaseRow[] } {
  const charged = (row: PurchaseRow) => wasCharged(row.status) || row.status === 'processing';
  const purchases = rows.filter(charged);
  const attempts = rows.filter(
    (row) =>
      !charged(row) &&
      !purchases.some((paid) => purchaseItemName(paid) === purchaseItemName(row) && paid.createdAt.getTime() >= row.createdAt.getTime()),
  );
  return { purchases, attempts };
}

/**
 * One card per payment rather than a table: it stays readable at phone width without
 * horizontal scrolling, and becomes a three-column row from `sm` up. Failed and abandoned
 * attempts are listed apart, plainly, without a receipt: nothing was charged.
 */
export function PurchaseList({ purchases: rows }: { purchases: PurchaseRow[] }) {
  const { purchases, attempts } = splitPurchases(rows);
  return (
    <div className="space-y-8">
      {purchases.length ? (
        <ul className="space-y-3" aria-label="Purchases">
          {purchases.map((row) => (
            <PurchaseItem key={row.id} row={row} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No completed payments on this page.</p>
      )}
      {attempts.length ? (
        <section aria-labelledby="attempts-heading" className="space-y-2">
          <h2 id="attempts-heading" className="text-base font-semibold text-slate-700">Unsuccessful attempts</h2>
          <p className="text-sm text-slate-500">These payments did not go through. You were not charged for them.</p>
          <ul className="divide-y divide-slate-200 rounded-xl border border-dashed border-slate-300" aria-label="Unsuccessful attempts">
            {attempts.map((row) => (
              <AttemptItem key={row.id} row={row} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function AttemptItem({ row }: { row: PurchaseRow }) {
  const status = describePaymentStatus(row.status);
  return (
    <li data-testid="attempt" className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 text-sm text-slate-600">
      <time dateTime={row.createdAt.toISOString()} className="w-28 shrink-0 text-slate-500">{formatAccountDate(row.createdAt)}</time>
      <span className="min-w-0 flex-1 break-words">{purchaseItemName(row)}</span>
      <span className="tabular-nums">
        {formatMoney({ amount: row.amount, currency: row.currency })} <span className="text-slate-500">· not charged</span>
      </span>
      <Badge tone={status.tone}>{status.label}</Badge>
    </li>
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
