import type Stripe from 'stripe';
import { changedAttributes } from '../core/events';
import { invalidRequest } from '../core/errors';
import { newId } from '../core/ids';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import type { Wire } from '../core/wire';
import type { CustomerObject } from '../resources/customers';
import type { InvoiceObject } from './model';

export type CustomerBalanceTransactionObject = Wire<Stripe.CustomerBalanceTransaction>;

/**
 * Moves a customer's balance, as Stripe does: negative is credit the customer has (it pays
 * toward future invoices), positive is an amount owed (added to the next invoice). Every move
 * is a `customer_balance_transaction` and a `customer.updated` event whose
 * `previous_attributes` carries the old `balance`. The balance is kept in the customer's
 * `currency`, set by the first move if it has none.
 */
export function moveCustomerBalance(
  sandbox: Sandbox,
  customer: CustomerObject,
  a: {
    amount: number;
    currency: string;
    type: CustomerBalanceTransactionObject['type'];
    invoice?: string | null;
    description?: string | null;
    metadata?: Record<string, string> | null;
  },
): CustomerBalanceTransactionObject {
  const currency = a.currency.toLowerCase();
  if (customer.currency && customer.currency !== currency && customer.balance !== 0) {
    throw invalidRequest(
      `The customer's balance is in ${customer.currency}; a balance transaction in ${currency} cannot be added while it is not zero.`,
      { param: 'currency' },
    );
  }
  const before = clone(customer);
  const txn = {
    id: newId('cbtxn'),
    object: 'customer_balance_transaction',
    amount: a.amount,
    checkout_session: null,
    created: sandbox.clock.now(),
    credit_note: null,
    currency,
    customer: customer.id,
    customer_account: null,
    description: a.description ?? null,
    ending_balance: customer.balance + a.amount,
    invoice: a.invoice ?? null,
    livemode: false,
    metadata: a.metadata ?? {},
    type: a.type,
  } satisfies CustomerBalanceTransactionObject;
  save(sandbox, txn);
  customer.balance = txn.ending_balance;
  customer.currency ??= currency;
  save(sandbox, customer);
  sandbox.events.emit('customer.updated', customer, changedAttributes(before, customer));
  return txn;
}

/** The customer's balance if it can apply to an invoice in `currency` (0 otherwise). */
export function applicableBalance(customer: CustomerObject | undefined, currency: string): number {
  if (!customer || customer.balance === 0) return 0;
  return !customer.currency || customer.currency === currency ? customer.balance : 0;
}

/**
 * The invoice's amounts once a balance `starting` is applied: credit (negative) reduces what
 * is due, a debit adds to it, and a negative total becomes credit.
 */
export function withBalance(invoice: InvoiceObject, starting: number): Pick<InvoiceObject, 'starting_balance' | 'ending_balance' | 'amount_due' | 'amount_remaining'> {
  const after = invoice.total + starting;
  const due = Math.max(0, after);
  return { starting_balance: starting, ending_balance: Math.min(0, after), amount_due: due, amount_remaining: due };
}

/**
 * At finalization Stripe applies the customer's balance to the invoice: `starting_balance`,
 * `ending_balance`, a reduced `amount_due`, and an `applied_to_invoice` balance transaction
 * for what moved (a credit note-free downgrade's negative total becomes credit this way).
 */
export function applyBalanceToInvoice(sandbox: Sandbox, invoice: InvoiceObject): void {
  const customer = typeof invoice.customer === 'string' ? sandbox.store.get<CustomerObject>('customer', invoice.customer) : undefined;
  const starting = applicableBalance(customer, invoice.currency);
  Object.assign(invoice, withBalance(invoice, starting));
  const moved = (invoice.ending_balance ?? 0) - starting;
  if (customer && moved !== 0) {
    moveCustomerBalance(sandbox, customer, { amount: moved, currency: invoice.currency, type: 'applied_to_invoice', invoice: invoice.id });
  }
}

/** Voiding an invoice gives back the balance it used (`unapplied_from_invoice`). */
export function unapplyBalanceFromInvoice(sandbox: Sandbox, invoice: InvoiceObject): void {
  const moved = (invoice.ending_balance ?? 0) - invoice.starting_balance;
  const customer = typeof invoice.customer === 'string' ? sandbox.store.get<CustomerObject>('customer', invoice.customer) : undefined;
  if (!customer || moved === 0) return;
  moveCustomerBalance(sandbox, customer, { amount: -moved, currency: invoice.currency, type: 'unapplied_from_invoice', invoice: invoice.id });
}

/** An amount due below the currency's minimum charge is carried on the balance instead. */
export function deferTooSmall(sandbox: Sandbox, invoice: InvoiceObject): void {
  const customer = typeof invoice.customer === 'string' ? sandbox.store.get<CustomerObject>('customer', invoice.customer) : undefined;
  if (!customer) return;
  const amount = invoice.amount_due;
  moveCustomerBalance(sandbox, customer, { amount, currency: invoice.currency, type: 'invoice_too_small', invoice: invoice.id });
  Object.assign(invoice, { amount_due: 0, amount_remaining: 0, ending_balance: (invoice.ending_balance ?? 0) + amount });
}
