import type Stripe from 'stripe';
import { changedAttributes } from '../core/events';
import { invalidRequest } from '../core/errors';
import { newId } from '../core/ids';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import type { Wire } from '../core/wire';
import type { CustomerObject } from '../resources/customers';
import type { ChargeObject, PaymentIntentObject } from '../payments/objects';
import { cancelPaymentIntent } from '../payments/engine';
import { createRefund } from '../payments/refunds';
import { moveCustomerBalance, type CustomerBalanceTransactionObject } from './customer-balance';
import { invoiceLines, markInvoicePaid } from './invoices';
import { INVOICE_PAYMENTS, type InvoiceObject, type InvoicePaymentObject } from './model';

export type CreditNoteObject = Wire<Stripe.CreditNote>;
export type CreditNoteLineObject = Wire<Stripe.CreditNoteLineItem>;

/** Credit note id → its lines. */
export const CREDIT_NOTE_LINES = 'credit_note_lines';

export interface CreditNoteLineInput {
  type: 'invoice_line_item' | 'custom_line_item';
  invoice_line_item?: string | null;
  quantity?: number | null;
  amount?: number | null;
  unit_amount?: number | null;
  description?: string | null;
  metadata?: Record<string, string> | null;
}

export interface CreditNoteInput {
  invoice: string;
  amount?: number | null;
  lines?: CreditNoteLineInput[] | null;
  credit_amount?: number | null;
  refund_amount?: number | null;
  out_of_band_amount?: number | null;
  memo?: string | null;
  metadata?: Record<string, string> | null;
  reason?: 'duplicate' | 'fraudulent' | 'order_change' | 'product_unsatisfactory' | null;
}

export interface CreditNotePlan {
  note: CreditNoteObject;
  lines: CreditNoteLineObject[];
  refund: number;
  credit: number;
}

function noteLines(sandbox: Sandbox, invoice: InvoiceObject, input: CreditNoteInput): CreditNoteLineObject[] {
  const base = { object: 'credit_note_line_item' as const, discount_amount: 0, discount_amounts: [], livemode: false, pretax_credit_amounts: [], tax_rates: [], taxes: [] };
  if (input.lines?.length) {
    const onInvoice = invoiceLines(sandbox, invoice.id);
    return input.lines.map((l, i) => {
      if (l.type === 'invoice_line_item') {
        const line = onInvoice.find((x) => x.id === l.invoice_line_item);
        if (!line) throw invalidRequest(`No such invoice line item on ${invoice.id}: '${l.invoice_line_item ?? ''}'`, { code: 'resource_missing', param: `lines[${i}][invoice_line_item]` });
        const qty = l.quantity ?? line.quantity ?? 1;
        const unit = Math.round(line.amount / Math.max(1, line.quantity ?? 1));
        const amount = l.amount ?? (l.quantity != null ? unit * qty : line.amount);
        if (amount <= 0 || amount > line.amount) {
          throw invalidRequest(`The credit for line ${line.id} must be between 1 and its amount (${line.amount}).`, { param: `lines[${i}][amount]` });
        }
        return {
          ...base,
          id: newId('cnli'),
          amount,
          description: line.description,
          invoice_line_item: line.id,
          metadata: l.metadata ?? {},
          quantity: qty,
          type: 'invoice_line_item',
          unit_amount: l.amount != null ? null : unit,
          unit_amount_decimal: l.amount != null ? null : String(unit),
        } satisfies CreditNoteLineObject;
      }
      if (l.unit_amount == null || !l.description) {
        throw invalidRequest(`A custom_line_item needs description and unit_amount.`, { code: 'parameter_missing', param: `lines[${i}][${l.description ? 'unit_amount' : 'description'}]` });
      }
      const qty = l.quantity ?? 1;
      return {
        ...base,
        id: newId('cnli'),
        amount: l.unit_amount * qty,
        description: l.description,
        metadata: l.metadata ?? {},
        quantity: qty,
        type: 'custom_line_item',
        unit_amount: l.unit_amount,
        unit_amount_decimal: String(l.unit_amount),
      } satisfies CreditNoteLineObject;
    });
  }
  if (input.amount == null) {
    throw invalidRequest('One of `amount` or `lines` must be provided.', { code: 'parameter_missing', param: 'amount' });
  }
  return [
    {
      ...base,
      id: newId('cnli'),
      amount: input.amount,
      description: 'Credit',
      metadata: {},
      quantity: 1,
      type: 'custom_line_item',
      unit_amount: input.amount,
      unit_amount_decimal: String(input.amount),
    } satisfies CreditNoteLineObject,
  ];
}

/**
 * Works out a credit note without changing anything (create and preview share it). On an
 * open invoice it is `pre_payment` (it lowers what is due); on a paid one `post_payment`,
 * split into `refund_amount` (a refund of the invoice's charge), `credit_amount` (customer
 * balance) and `out_of_band_amount`; with none of them given the whole amount is credited
 * to the customer balance.
 */
export function planCreditNote(sandbox: Sandbox, invoice: InvoiceObject, input: CreditNoteInput, id = newId('cn')): CreditNotePlan {
  if (invoice.status !== 'open' && invoice.status !== 'paid') {
    throw invalidRequest(`You can only create a credit note for an open or paid invoice (this one is ${invoice.status}).`, { param: 'invoice' });
  }
  const lines = noteLines(sandbox, invoice, input);
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  if (input.amount != null && input.lines?.length && input.amount !== total) {
    throw invalidRequest(`The amount (${input.amount}) must equal the sum of the lines (${total}).`, { param: 'amount' });
  }
  if (total <= 0) throw invalidRequest('The credit note amount must be greater than 0.', { param: 'amount' });
  const post = invoice.status === 'paid';
  let refund = input.refund_amount ?? 0;
  let credit = input.credit_amount ?? 0;
  const outOfBand = input.out_of_band_amount ?? 0;
  if (post) {
    const creditable = invoice.amount_paid - invoice.post_payment_credit_notes_amount;
    if (total > creditable) {
      throw invalidRequest(`The credit note amount (${total}) is greater than what remains creditable on the invoice (${creditable}).`, { param: 'amount' });
    }
    if (input.refund_amount == null && input.credit_amount == null && input.out_of_band_amount == null) credit = total;
    if (refund + credit + outOfBand !== total) {
      throw invalidRequest(`The sum of credit amount, refund amount and out of band amount (${refund + credit + outOfBand}) must equal the credit note amount (${total}).`, {
        param: 'refund_amount',
      });
    }
  } else {
    if (refund || credit || outOfBand) {
      throw invalidRequest('refund_amount, credit_amount and out_of_band_amount apply to paid invoices only; a credit note on an open invoice lowers its amount due.', {
        param: input.refund_amount ? 'refund_amount' : input.credit_amount ? 'credit_amount' : 'out_of_band_amount',
      });
    }
    refund = 0;
    credit = 0;
    if (total > invoice.amount_remaining) {
      throw invalidRequest(`The credit note amount (${total}) is greater than the invoice's amount remaining (${invoice.amount_remaining}).`, { param: 'amount' });
    }
  }
  const now = sandbox.clock.now();
  const seq = sandbox.store.all<CreditNoteObject>('credit_note').filter((n) => n.invoice === invoice.id).length + 1;
  const note = {
    id,
    object: 'credit_note',
    amount: total,
    amount_shipping: 0,
    created: now,
    currency: invoice.currency,
    customer: String(invoice.customer),
    customer_account: null,
    customer_balance_transaction: null as string | null,
    discount_amount: 0,
    discount_amounts: [],
    effective_at: now,
    invoice: invoice.id,
    lines: { object: 'list', data: clone(lines), has_more: false, url: `/v1/credit_notes/${id}/lines` },
    livemode: false,
    memo: input.memo ?? null,
    metadata: input.metadata ?? {},
    number: `${invoice.number ?? invoice.id}-CN-${String(seq).padStart(2, '0')}`,
    out_of_band_amount: post && outOfBand ? outOfBand : null,
    pdf: `${sandbox.config.publicUrl}/i/${invoice.id}/pdf`,
    post_payment_amount: post ? total : 0,
    pre_payment_amount: post ? 0 : total,
    pretax_credit_amounts: [],
    reason: input.reason ?? null,
    refunds: [] as CreditNoteObject['refunds'],
    shipping_cost: null,
    status: 'issued',
    subtotal: total,
    subtotal_excluding_tax: total,
    total,
    total_excluding_tax: total,
    total_taxes: [],
    type: post ? 'post_payment' : 'pre_payment',
    voided_at: null,
  } satisfies CreditNoteObject;
  return { note, lines, refund, credit };
}

function paidCharge(sandbox: Sandbox, invoice: InvoiceObject): ChargeObject | undefined {
  const payments = sandbox.store.internal<InvoicePaymentObject[]>(INVOICE_PAYMENTS)[invoice.id] ?? [];
  for (const p of payments.filter((x) => x.status === 'paid')) {
    const pi = sandbox.store.get<PaymentIntentObject>('payment_intent', String(p.payment.payment_intent));
    const charge = pi?.latest_charge ? sandbox.store.get<ChargeObject>('charge', String(pi.latest_charge)) : undefined;
    if (charge) return charge;
  }
  return undefined;
}

/** Issues a credit note: the refund and balance credit it carries, and the invoice's amounts. */
export function issueCreditNote(sandbox: Sandbox, invoice: InvoiceObject, input: CreditNoteInput): CreditNoteObject {
  const { note, lines, refund, credit } = planCreditNote(sandbox, invoice, input);
  const charge = refund > 0 ? paidCharge(sandbox, invoice) : undefined;
  if (refund > 0 && !charge) {
    throw invalidRequest('This invoice was not paid by a charge that can be refunded; use credit_amount or out_of_band_amount.', { param: 'refund_amount' });
  }
  if (refund > 0 && charge) {
    const r = createRefund(sandbox, charge, { amount: refund, metadata: { credit_note: note.id } });
    note.refunds = [{ amount_refunded: refund, payment_record_refund: null, refund: r.id, type: 'refund' }];
  }
  if (credit > 0) {
    const customer = sandbox.store.get<CustomerObject>('customer', String(invoice.customer));
    if (customer) {
      const txn = moveCustomerBalance(sandbox, customer, {
        amount: -credit,
        currency: invoice.currency,
        type: 'credit_note',
        invoice: invoice.id,
        description: `Credit note ${note.number}`,
      });
      const stored = sandbox.store.get<CustomerBalanceTransactionObject>('customer_balance_transaction', txn.id);
      if (stored) save(sandbox, { ...stored, credit_note: note.id });
      note.customer_balance_transaction = txn.id;
    }
  }
  sandbox.store.setInternal(CREDIT_NOTE_LINES, note.id, lines);
  save(sandbox, note);
  sandbox.events.emit('credit_note.created', note);

  const before = clone(invoice);
  if (note.type === 'post_payment') {
    invoice.post_payment_credit_notes_amount += note.total;
  } else {
    invoice.pre_payment_credit_notes_amount += note.total;
    invoice.amount_due -= note.total;
    invoice.amount_remaining -= note.total;
    dropOpenPaymentIntent(sandbox, invoice);
  }
  save(sandbox, invoice);
  sandbox.events.emit('invoice.updated', invoice, changedAttributes(before, invoice));
  if (invoice.status === 'open' && invoice.amount_remaining === 0) markInvoicePaid(sandbox, invoice, null);
  return note;
}

/** The amount due changed: the next attempt needs a PaymentIntent for the new amount. */
function dropOpenPaymentIntent(sandbox: Sandbox, invoice: InvoiceObject): void {
  const payments = sandbox.store.internal<InvoicePaymentObject[]>(INVOICE_PAYMENTS)[invoice.id] ?? [];
  const current = payments.find((p) => p.is_default && p.status === 'open');
  const pi = current ? sandbox.store.get<PaymentIntentObject>('payment_intent', String(current.payment.payment_intent)) : undefined;
  if (pi && ['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status)) {
    cancelPaymentIntent(sandbox, pi, 'abandoned');
    if (current) {
      Object.assign(current, { status: 'canceled', status_transitions: { ...current.status_transitions, canceled_at: sandbox.clock.now() } });
      sandbox.store.setInternal(INVOICE_PAYMENTS, invoice.id, payments);
    }
  }
}

/** Voids a pre-payment credit note: the invoice's amount due goes back up. */
export function voidCreditNote(sandbox: Sandbox, note: CreditNoteObject): CreditNoteObject {
  if (note.status === 'void') throw invalidRequest('This credit note is already void.', { code: 'credit_note_already_voided' });
  const invoice = sandbox.store.get<InvoiceObject>('invoice', String(note.invoice));
  if (note.type !== 'pre_payment' || !invoice || invoice.status !== 'open') {
    throw invalidRequest('You can only void a credit note when its invoice is open (a credit note on a paid invoice has already moved money).', {
      code: 'credit_note_not_voidable',
    });
  }
  const before = clone(note);
  Object.assign(note, { status: 'void', voided_at: sandbox.clock.now() });
  save(sandbox, note);
  sandbox.events.emit('credit_note.voided', note, changedAttributes(before, note));
  const invBefore = clone(invoice);
  invoice.pre_payment_credit_notes_amount -= note.total;
  invoice.amount_due += note.total;
  invoice.amount_remaining += note.total;
  dropOpenPaymentIntent(sandbox, invoice);
  save(sandbox, invoice);
  sandbox.events.emit('invoice.updated', invoice, changedAttributes(invBefore, invoice));
  return note;
}
