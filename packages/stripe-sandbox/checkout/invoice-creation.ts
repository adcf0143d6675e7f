import { addInvoicePayment, createInvoice, finalizeInvoice, markInvoicePaid } from '../billing/invoices';
import type { InvoiceLineObject } from '../billing/model';
import { newId } from '../core/ids';
import { save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import type { PaymentIntentObject } from '../payments/objects';
import { sessionDiscount } from './discount';
import { sessionLineItems, type SessionObject } from './model';

/**
 * `invoice_creation[enabled]` in payment mode: once the payment succeeds, Stripe issues a
 * paid invoice for the purchase (billing reason `manual`) and links it as `session.invoice`
 * before `checkout.session.completed` (or `async_payment_succeeded`) goes out.
 */
export function createPostPaymentInvoice(sandbox: Sandbox, session: SessionObject, pi: PaymentIntentObject): void {
  if (!session.invoice_creation?.enabled || session.invoice) return;
  const id = newId('in');
  const currency = session.currency ?? pi.currency;
  const discount = sessionDiscount(sandbox, session.id);
  const lines: InvoiceLineObject[] = sessionLineItems(sandbox, session.id).map((li) => ({
    id: newId('il'),
    object: 'line_item',
    amount: li.amount_subtotal,
    currency,
    description: li.description,
    discount_amounts: discount && li.amount_discount > 0 ? [{ amount: li.amount_discount, discount: discount.id }] : [],
    discountable: true,
    discounts: [],
    invoice: id,
    livemode: false,
    metadata: {},
    parent: null,
    period: { start: session.created, end: session.created },
    pretax_credit_amounts: [],
    pricing: li.price
      ? { type: 'price_details', price_details: { price: li.price.id, product: String(li.price.product) }, unit_amount_decimal: li.price.unit_amount_decimal }
      : null,
    quantity: li.quantity,
    quantity_decimal: String(li.quantity ?? 1),
    subscription: null,
    subtotal: li.amount_subtotal,
    taxes: [],
  }));
  const off = session.total_details?.amount_discount ?? 0;
  const invoice = createInvoice(sandbox, {
    id,
    customerId: typeof session.customer === 'string' ? session.customer : null,
    currency,
    reason: 'manual',
    lines,
    discounts: discount && off > 0 ? { discountIds: [discount.id], totalDiscounts: [{ amount: off, discount: discount.id }] } : { discountIds: [], totalDiscounts: [] },
    parent: null,
    testClock: null,
  });
  const data = session.invoice_creation.invoice_data;
  Object.assign(invoice, {
    description: data.description,
    footer: data.footer,
    metadata: data.metadata ?? {},
    customer_email: invoice.customer_email ?? session.customer_details?.email ?? null,
    customer_name: invoice.customer_name ?? session.customer_details?.name ?? null,
  });
  save(sandbox, invoice);
  // The Checkout payment already paid it: the customer's balance is not applied.
  finalizeInvoice(sandbox, invoice, { applyBalance: false });
  addInvoicePayment(sandbox, invoice, pi.id, pi.amount);
  if (invoice.status === 'open') markInvoicePaid(sandbox, invoice, pi);
  session.invoice = invoice.id;
  save(sandbox, session);
}
