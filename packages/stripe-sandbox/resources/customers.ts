import type Stripe from 'stripe';
import { changedAttributes } from '../core/events';
import { invalidRequest, resourceMissing } from '../core/errors';
import { ids } from '../core/ids';
import { inRange, paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import type { Wire } from '../core/wire';
import { attachPaymentMethod, resolvePaymentMethod } from './payment-methods';
import { moveCustomerBalance, type CustomerBalanceTransactionObject } from '../billing/customer-balance';

export type CustomerObject = Wire<Stripe.Customer>;

const addressSpec = s.object({
  city: s.string(),
  country: s.string(),
  line1: s.string(),
  line2: s.string(),
  postal_code: s.string(),
  state: s.string(),
});

const writable = {
  email: s.string({ max: 512 }),
  name: s.string({ max: 256 }),
  description: s.string(),
  phone: s.string({ max: 20 }),
  metadata: s.metadata(),
  address: addressSpec,
  preferred_locales: s.array(s.string()),
  invoice_settings: s.object({ default_payment_method: s.string() }),
  balance: s.integer(),
};

/** The account's default currency, used for a balance set before the customer has a currency. */
const ACCOUNT_CURRENCY = 'usd';

type Address = Wire<Stripe.Address>;
const toAddress = (a: Partial<Record<keyof Address, string | null>> | null | undefined): Address | null =>
  a
    ? {
        city: a.city ?? null,
        country: a.country ?? null,
        line1: a.line1 ?? null,
        line2: a.line2 ?? null,
        postal_code: a.postal_code ?? null,
        state: a.state ?? null,
      }
    : null;

/** Creates a customer (also used by Checkout when it must create one). */
export function createCustomer(
  sandbox: Sandbox,
  p: {
    email?: string | null;
    name?: string | null;
    description?: string | null;
    phone?: string | null;
    metadata?: Record<string, string> | null;
    address?: Parameters<typeof toAddress>[0];
    preferred_locales?: string[] | null;
    test_clock?: string | null;
  },
): CustomerObject {
  const id = ids.customer();
  const customer = {
    id,
    object: 'customer',
    address: toAddress(p.address),
    balance: 0,
    created: sandbox.clock.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: p.description ?? null,
    discount: null,
    email: p.email ?? null,
    invoice_prefix: id.slice(4, 12).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: p.metadata ?? {},
    name: p.name ?? null,
    next_invoice_sequence: 1,
    phone: p.phone ?? null,
    preferred_locales: p.preferred_locales ?? [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: p.test_clock ?? null,
  } satisfies CustomerObject;
  save(sandbox, customer);
  sandbox.events.emit('customer.created', customer);
  return customer;
}

export function registerCustomers(sandbox: Sandbox): void {
  const { router, store, events } = sandbox;

  router.post('/v1/customers', ({ input }) => {
    const p = s.decodeShape({ ...writable, payment_method: s.string(), test_clock: s.string() }, input);
    if (p.test_clock && !store.get('test_helpers.test_clock', p.test_clock)) {
      throw invalidRequest(`No such test clock: '${p.test_clock}'`, { code: 'resource_missing', param: 'test_clock' });
    }
    const defaultPm = p.invoice_settings?.default_payment_method ?? null;
    if (defaultPm && defaultPm !== p.payment_method) {
      throw invalidRequest('The default payment method must be the one attached with `payment_method`.', {
        param: 'invoice_settings[default_payment_method]',
      });
    }
    // The customer lives at its test clock's time from the start.
    const clockTime = p.test_clock
      ? (store.get<{ id: string; object: string; frozen_time: number }>('test_helpers.test_clock', p.test_clock)?.frozen_time ?? null)
      : null;
    return clone(
      sandbox.clock.at(clockTime, () => {
        const customer = createCustomer(sandbox, { ...p, test_clock: p.test_clock ?? null });
        if (p.balance) moveCustomerBalance(sandbox, customer, { amount: p.balance, currency: ACCOUNT_CURRENCY, type: 'initial' });
        if (p.payment_method) {
          attachPaymentMethod(sandbox, resolvePaymentMethod(sandbox, p.payment_method), customer.id);
          if (defaultPm) {
            customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: defaultPm };
            save(sandbox, customer);
          }
        }
        return customer;
      }),
    );
  });

  router.get('/v1/customers/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    const id = params.id ?? '';
    if (store.internal<boolean>('deleted_customers')[id]) {
      return { id, object: 'customer', deleted: true } satisfies Wire<Stripe.DeletedCustomer>;
    }
    return findOrThrow<CustomerObject>(sandbox, 'customer', id);
  });

  router.post('/v1/customers/:id', ({ params, input }) => {
    const p = s.decodeShape(writable, input);
    const current = findOrThrow<CustomerObject>(sandbox, 'customer', params.id ?? '');
    const before = clone(current);
    const pmId = p.invoice_settings?.default_payment_method;
    if (pmId) {
      const pm = store.get<{ id: string; object: string; customer: string | null }>('payment_method', pmId);
      if (!pm || pm.customer !== current.id) {
        throw invalidRequest(`No such PaymentMethod: '${pmId}'; It does not belong to this customer.`, {
          code: 'resource_missing',
          param: 'invoice_settings[default_payment_method]',
        });
      }
    }
    const next: CustomerObject = {
      ...current,
      ...(p.email !== undefined && { email: p.email }),
      ...(p.name !== undefined && { name: p.name }),
      ...(p.description !== undefined && { description: p.description }),
      ...(p.phone !== undefined && { phone: p.phone }),
      ...(p.address !== undefined && { address: toAddress(p.address) }),
      ...(p.preferred_locales !== undefined && { preferred_locales: p.preferred_locales ?? [] }),
      ...(p.invoice_settings !== undefined && {
        invoice_settings: { ...current.invoice_settings, default_payment_method: p.invoice_settings?.default_payment_method ?? null },
      }),
      metadata: s.mergeMetadata(current.metadata, p.metadata),
    };
    save(sandbox, next);
    const changed = changedAttributes(before, next);
    if (Object.keys(changed).length > 0) events.emit('customer.updated', next, changed);
    // Setting `balance` is an adjustment by the difference (its own customer.updated).
    if (p.balance != null && p.balance !== next.balance) {
      moveCustomerBalance(sandbox, next, { amount: p.balance - next.balance, currency: next.currency ?? ACCOUNT_CURRENCY, type: 'adjustment' });
    }
    return clone(next);
  });

  const balanceTxnOf = (customerId: string, id: string) => {
    const txn = store.get<CustomerBalanceTransactionObject>('customer_balance_transaction', id);
    if (!txn || txn.customer !== customerId) throw resourceMissing('customer_balance_transaction', id);
    return txn;
  };

  router.post('/v1/customers/:id/balance_transactions', ({ params, input }) => {
    const p = s.decodeShape(
      { amount: s.required(s.integer()), currency: s.required(s.currency()), description: s.string({ max: 350 }), metadata: s.metadata() },
      input,
    );
    const customer = findOrThrow<CustomerObject>(sandbox, 'customer', params.id ?? '');
    if (p.amount === 0) throw invalidRequest('The amount of a customer balance transaction cannot be zero.', { param: 'amount' });
    return clone(
      moveCustomerBalance(sandbox, customer, {
        amount: p.amount,
        currency: p.currency,
        type: 'adjustment',
        description: p.description ?? null,
        metadata: s.mergeMetadata({}, p.metadata),
      }),
    );
  });

  router.get('/v1/customers/:id/balance_transactions/:txn', ({ params, input }) => {
    s.decodeShape({}, input);
    findOrThrow<CustomerObject>(sandbox, 'customer', params.id ?? '');
    return balanceTxnOf(params.id ?? '', params.txn ?? '');
  });

  router.post('/v1/customers/:id/balance_transactions/:txn', ({ params, input }) => {
    const p = s.decodeShape({ description: s.string({ max: 350 }), metadata: s.metadata() }, input);
    findOrThrow<CustomerObject>(sandbox, 'customer', params.id ?? '');
    const txn = balanceTxnOf(params.id ?? '', params.txn ?? '');
    if (p.description !== undefined) txn.description = p.description;
    if (p.metadata !== undefined) txn.metadata = s.mergeMetadata(txn.metadata ?? {}, p.metadata);
    save(sandbox, txn);
    return clone(txn);
  });

  router.get('/v1/customers/:id/balance_transactions', ({ params, input }) => {
    const p = s.decodeShape({ ...s.listParams, created: s.range(), invoice: s.string() }, input);
    const customer = findOrThrow<CustomerObject>(sandbox, 'customer', params.id ?? '');
    const items = store
      .all<CustomerBalanceTransactionObject>('customer_balance_transaction')
      .filter((t) => t.customer === customer.id)
      .filter((t) => inRange(t.created, p.created))
      .filter((t) => p.invoice == null || t.invoice === p.invoice);
    return paginate(items, p, `/v1/customers/${customer.id}/balance_transactions`, 'customer_balance_transaction');
  });

  router.get('/v1/customers', ({ input }) => {
    const p = s.decodeShape({ ...s.listParams, email: s.string({ max: 512 }), created: s.range(), test_clock: s.string() }, input);
    const items = store
      .all<CustomerObject>('customer')
      .filter((c) => p.email == null || c.email === p.email)
      .filter((c) => inRange(c.created, p.created))
      .filter((c) => p.test_clock == null || c.test_clock === p.test_clock);
    return paginate(items, p, '/v1/customers', 'customer');
  });

  router.delete('/v1/customers/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    const customer = findOrThrow<CustomerObject>(sandbox, 'customer', params.id ?? '');
    store.remove('customer', customer.id);
    store.setInternal('deleted_customers', customer.id, true);
    events.emit('customer.deleted', customer);
    return { id: customer.id, object: 'customer', deleted: true } satisfies Wire<Stripe.DeletedCustomer>;
  });
}
