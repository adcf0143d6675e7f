import { describe, expect, it } from 'vitest';
import type { Receipt } from '@/db/queries/account';
import { receiptLines, receiptTotals } from './receipt-amounts';

function receipt(overrides: Partial<Receipt> = {}): Receipt {
  return {
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    createdAt: new Date('2026-11-27T10:00:00Z'),
    amount: 4900,
    amountRefunded: 0,
    currency: 'usd',
    status: 'succeeded',
    paymentMethodType: 'card',
    cardBrand: 'visa',
    cardLast4: '4242',
    description: null,
    stripeInvoiceId: null,
    courseTitle: 'SQL for Analysts',
    planName: null,
    invoiceNumber: null,
    hostedInvoiceUrl: null,
    invoicePdf: null,
    buyerName: 'Ada',
    buyerEmail: 'ada@bursar.test',
    succeededAt: new Date('2026-11-27T10:00:05Z'),
    amountDiscount: 0,
    discountCode: null,
    invoiceSubtotal: null,
    invoiceTotal: null,
    invoiceCurrency: null,
    invoiceStartingBalance: null,
    invoiceEndingBalance: null,
    periodStart: null,
    periodEnd: null,
    refunds: [],
    reversals: [],
    ...overrides,
  };
}

describe('receipt lines', () => {
  it('a one-time purchase is one item and its total', () => {
    expect(receiptLines(receipt())).toEqual([
      { label: 'SQL for Analysts — course, lifetime access', amount: 4900, kind: 'item' },
      { label: 'Total', amount: 4900, kind: 'total' },
    ]);
  });

  it('a one-time purchase with a promotion code shows the full price, the code and what was charged', () => {
    const lines = receiptLines(receipt({ amount: 3920, amountDiscount: 980, discountCode: 'SQL20' }));
    expect(lines.map((l) => [l.label, l.amount])).toEqual([['SQL for Analysts — course, lifetime access', 4900], ['Discount (SQL20)', -980], ['Total', 3920]]);
  });

  it('an invoice whose total exceeds its subtotal shows the difference as tax', () => {
    const lines = receiptLines(receipt({ courseTitle: null, planName: 'All-Access', amount: 2090, invoiceSubtotal: 1900, invoiceTotal: 2090 }));
    expect(lines.map((l) => [l.label, l.amount])).toEqual([['All-Access subscription', 1900], ['Tax', 190], ['Total', 2090]]);
  });

  it('an invoice below its subtotal shows a discount, and no tax line', () => {
    const lines = receiptLines(receipt({ courseTitle: null, planName: 'All-Access', amount: 950, invoiceSubtotal: 1900, invoiceTotal: 950 }));
    expect(lines.map((l) => [l.label, l.amount])).toEqual([['All-Access subscription', 1900], ['Discount', -950], ['Total', 950]]);
  });
});

describe('receipt lines with account credit', () => {
  it('shows the credit that paid part of an invoice and what the card paid', () => {
    const lines = receiptLines(
      receipt({ courseTitle: null, planName: 'All-Access', amount: 400, invoiceSubtotal: 1900, invoiceTotal: 1900, invoiceStartingBalance: -1500, invoiceEndingBalance: 0 }),
    );
    expect(lines.map((l) => [l.label, l.amount])).toEqual([
      ['All-Access subscription', 1900],
      ['Total', 1900],
      ['Paid from account credit', -1500],
      ['Charged to your payment method', 400],
    ]);
  });
});

describe('receipt totals', () => {
  it('nets refunds against what was paid', () => {
    expect(receiptTotals(receipt({ status: 'partially_refunded', amountRefunded: 1500 }))).toEqual({ paid: 4900, refunded: 1500, reversed: 0, net: 3400 });
  });

  it('a lost dispute reverses what is left, never more', () => {
    const lost = { id: 'd', amount: 4900, currency: 'usd', closedAt: null, createdAt: new Date() };
    expect(receiptTotals(receipt({ status: 'charged_back', amountRefunded: 900, reversals: [lost] }))).toEqual({ paid: 4900, refunded: 900, reversed: 4000, net: 0 });
  });

  it('a payment that never went through paid nothing', () => {
    expect(receiptTotals(receipt({ status: 'failed' }))).toEqual({ paid: 0, refunded: 0, reversed: 0, net: 0 });
  });
});
