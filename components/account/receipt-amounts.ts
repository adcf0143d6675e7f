import type { Receipt } from '@/db/queries/account';
import { wasCharged } from './purchase-status';

export type ReceiptLine = { label: string; amount: number; kind: 'item' | 'adjustment' | 'total' };

/**
 * The money lines of a receipt, in minor units of the payment's currency.
 *
 * The invoices table keeps subtotal and total but not tax and discounts separately, so the
 * difference is shown as one line: positive is tax (Stripe adds exclusive tax after the
 * subtotal), negative is a discount. An invoice with both shows their sum under the larger.
 * Payments without an invoice (one-time Checkout) have no tax in this store; their discount
 * (a promotion code at Checkout) is recorded on the payment itself.
 */
export function receiptLines(receipt: Receipt): ReceiptLine[] {
  // A one-time Checkout keeps its discount on the payment: the item's price is what was
  // charged plus what the coupon took off.
  const checkoutDiscount = receipt.invoiceSubtotal === null ? receipt.amountDiscount : 0;
  const subtotal = receipt.invoiceSubtotal ?? receipt.amount + checkoutDiscount;
  const total = receipt.invoiceTotal ?? receipt.amount;
  const lines: ReceiptLine[] = [{ label: itemLabel(receipt), amount: subtotal, kind: 'item' }];
  const difference = total - subtotal;
  const discountLabel = receipt.discountCode ? `Discount (${receipt.discountCode})` : 'Discount';
  if (difference > 0) lines.push({ label: 'Tax', amount: difference, kind: 'adjustment' });
  if (difference < 0) lines.push({ label: discountLabel, amount: difference, kind: 'adjustment' });
  lines.push({ label: 'Total', amount: total, kind: 'total' });
  // Credit from the learner's balance paid part of the invoice (a downgrade's proration, say):
  // what the card paid is the total minus that credit.
  const creditUsed = receipt.invoiceEndingBalance === null ? 0 : receipt.invoiceEndingBalance - (receipt.invoiceStartingBalance ?? 0);
  if (creditUsed > 0) {
    lines.push({ label: 'Paid from account credit', amount: -creditUsed, kind: 'adjustment' });
    lines.push({ label: 'Charged to your payment method', amount: total - creditUsed, kind: 'total' });
  }
  return lines;
}

function itemLabel(receipt: Receipt): string {
  if (receipt.courseTitle) return `${receipt.courseTitle} — course, lifetime access`;
  if (receipt.planName) return `${receipt.planName} subscription`;
  return receipt.description ?? 'Payment';
}

/** Paid, refunded, reversed by a lost dispute, and what the learner is out of pocket. */
export function receiptTotals(receipt: Receipt): { paid: number; refunded: number; reversed: number; net: number } {
  const paid = wasCharged(receipt.status) ? receipt.amount : 0;
  // payments.amount_refunded is Stripe's own total for the charge (pending refunds included).
  const refunded = paid === 0 ? 0 : receipt.amountRefunded;
  // A lost dispute returns money through the bank, not as a refund; never more than is left.
  const disputed = receipt.reversals.reduce((sum, d) => sum + d.amount, 0);
  const reversed = Math.min(disputed, paid - refunded);
  return { paid, refunded, reversed, net: paid - refunded - reversed };
}
