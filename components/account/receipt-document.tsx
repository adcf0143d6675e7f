import type { ReactNode } from 'react';
import type { Receipt } from '@/db/queries/account';
import { formatMoney } from '@/lib/billing/money';
import { receiptNumberFor } from '@/lib/billing/payment-method-label';
import type { StoreSettings } from '@/lib/settings/store';
import { receiptLines, receiptTotals } from './receipt-amounts';
import { formatAccountDate, paymentMethodLabel } from './purchase-format';
import { describePaymentStatus, wasCharged } from './purchase-status';

/** The printable receipt: seller (the store settings), buyer, items, refunds and what was paid. */
export function ReceiptDocument({ receipt, seller }: { receipt: Receipt; seller: StoreSettings }) {
  const money = (amount: number) => formatMoney({ amount, currency: receipt.currency });
  const paidOn = receipt.succeededAt ?? receipt.createdAt;
  const method = paymentMethodLabel({ type: receipt.paymentMethodType, brand: receipt.cardBrand, last4: receipt.cardLast4 });
  const totals = receiptTotals(receipt);
  const charged = wasCharged(receipt.status);
  const number = receiptNumberFor(receipt.id);

  return (
    <article data-receipt aria-labelledby="receipt-title" className="mx-auto max-w-3xl space-y-8 rounded-xl border border-slate-200 bg-white p-5 sm:p-10">
      <header className="flex flex-col gap-6 sm:flex-row sm:justify-between">
        <div>
          <h1 id="receipt-title" className="text-2xl font-bold tracking-tight">{charged ? 'Receipt' : 'Payment record'}</h1>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500">Receipt number</dt>
            <dd className="font-mono" data-testid="receipt-number">{number}</dd>
            <dt className="text-slate-500">{charged ? 'Date paid' : 'Date'}</dt>
            <dd><time dateTime={paidOn.toISOString()}>{formatAccountDate(paidOn)}</time> (UTC)</dd>
            {receipt.invoiceNumber ? (
              <>
                <dt className="text-slate-500">Invoice</dt>
                <dd className="font-mono">{receipt.invoiceNumber}</dd>
              </>
            ) : null}
            <dt className="text-slate-500">Status</dt>
            <dd>{describePaymentStatus(receipt.status).label}</dd>
          </dl>
        </div>
        <address className="text-sm not-italic sm:text-right">
          <p className="text-lg font-bold text-brand-600">Bursar</p>
          <p className="font-semibold" data-testid="receipt-seller">{seller.sellerName}</p>
          {seller.addressLines.map((line) => <p key={line}>{line}</p>)}
          {seller.taxId ? <p>Tax ID: {seller.taxId}</p> : null}
          <p>{seller.supportEmail}</p>
        </address>
      </header>

      <section aria-labelledby="billed-to">
        <h2 id="billed-to" className="text-xs font-semibold uppercase tracking-wide text-slate-500">Billed to</h2>
        <p className="mt-1 font-medium">{receipt.buyerName ?? receipt.buyerEmail}</p>
        {receipt.buyerName ? <p className="text-sm text-slate-600 break-all">{receipt.buyerEmail}</p> : null}
      </section>

      <section aria-labelledby="items">
        <h2 id="items" className="sr-only">Items</h2>
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
              <th scope="col" className="py-2 font-semibold">Description</th>
              <th scope="col" className="py-2 text-right font-semibold">Amount</th>
            </tr>
          </thead>
          <tbody>
            {receiptLines(receipt).map((line) => (
              <tr key={line.label} className={line.kind === 'total' ? 'border-t border-slate-300 font-semibold' : 'border-b border-slate-100'}>
                <th scope="row" className="py-2 pr-4 text-left font-[inherit]">
                  {line.label}
                  {line.kind === 'item' && receipt.periodStart && receipt.periodEnd ? (
                    <span className="block text-xs font-normal text-slate-500">
                      {formatAccountDate(receipt.periodStart)} – {formatAccountDate(receipt.periodEnd)}
                    </span>
                  ) : null}
                </th>
                <td className="py-2 text-right tabular-nums" data-testid={line.kind === 'total' ? 'receipt-total' : undefined}>{money(line.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {receipt.refunds.length > 0 ? (
        <section aria-labelledby="refunds">
          <h2 id="refunds" className="text-xs font-semibold uppercase tracking-wide text-slate-500">Refunds</h2>
          <ul className="mt-2 divide-y divide-slate-100 text-sm">
            {receipt.refunds.map((refund) => (
              <li key={refund.id} className="flex justify-between gap-4 py-2" data-testid="receipt-refund">
                <span>
                  Refund on <time dateTime={refund.createdAt.toISOString()}>{formatAccountDate(refund.createdAt)}</time>
                  {refund.status === 'succeeded' ? '' : ' (in progress)'}
                  {refund.creditNoteNumber ? (
                    <span className="block text-xs text-slate-500" data-testid="receipt-credit-note">
                      Credit note {refund.creditNoteNumber} on this invoice
                      {refund.creditNotePdf ? (
                        <>
                          {' '}
                          (
                          <a href={refund.creditNotePdf} target="_blank" rel="noopener noreferrer" className="font-semibold text-brand-600 hover:underline">
                            PDF
                          </a>
                          )
                        </>
                      ) : null}
                    </span>
                  ) : null}
                </span>
                <span className="whitespace-nowrap tabular-nums">−{formatMoney({ amount: refund.amount, currency: refund.currency })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="payment" className="rounded-lg bg-slate-50 p-4 text-sm">
        <h2 id="payment" className="sr-only">Payment</h2>
        <dl className="grid grid-cols-[1fr_auto] gap-y-1">
          <Row label="Amount paid" value={money(totals.paid)} testId="receipt-paid" />
          {totals.refunded > 0 ? <Row label="Refunded" value={`−${money(totals.refunded)}`} /> : null}
          {totals.reversed > 0 ? <Row label="Reversed by your bank" value={`−${money(totals.reversed)}`} /> : null}
          {totals.net !== totals.paid ? <Row label="Net paid" value={money(totals.net)} strong /> : null}
          <Row label="Payment method" value={method ?? 'Not recorded'} testId="receipt-method" />
        </dl>
        <StatusNote status={receipt.status} />
      </section>

      <footer className="space-y-2 text-xs text-slate-500">
        <p>
          <span className="font-semibold">Refund policy.</span> <span className="whitespace-pre-line">{seller.refundPolicy}</span>
        </p>
        <p>
          Payments are processed by Stripe. Questions about this receipt? Write to {seller.supportEmail} and quote <span className="whitespace-nowrap">{number}</span>.
        </p>
      </footer>
    </article>
  );
}

function Row({ label, value, strong, testId }: { label: string; value: ReactNode; strong?: boolean; testId?: string }) {
  return (
    <>
      <dt className={strong ? 'font-semibold' : 'text-slate-600'}>{label}</dt>
      <dd className={`text-right tabular-nums ${strong ? 'font-semibold' : ''}`} data-testid={testId}>{value}</dd>
    </>
  );
}

function StatusNote({ status }: { status: Receipt['status'] }) {
  const notes: Partial<Record<Receipt['status'], string>> = {
    processing: 'This payment is still processing. Your bank can take a few days to confirm it.',
    failed: 'This payment did not go through. You were not charged.',
    canceled: 'This payment was canceled. You were not charged.',
    pending: 'This payment was not completed. You were not charged.',
    requires_action: 'This payment is waiting for you to confirm it with your bank. You have not been charged yet.',
    disputed: 'This payment is being disputed with your bank.',
    charged_back: 'Your bank reversed this payment after a dispute.',
  };
  const note = notes[status];
  return note ? <p className="mt-3 text-slate-700">{note}</p> : null;
}
