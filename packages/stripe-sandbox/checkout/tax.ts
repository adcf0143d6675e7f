import { changedAttributes } from '../core/events';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import { behaviorOf, customerTaxCountry, lineTax } from '../billing/tax';
import type { CustomerObject } from '../resources/customers';
import { SESSION_LINE_ITEMS, sessionExtras, sessionLineItems, type LineItemObject, type SessionObject } from './model';

/** Session id → the country its tax was computed for. */
const SESSION_TAX_COUNTRY = 'checkout_session_tax_country';

export type SessionAddress = NonNullable<NonNullable<SessionObject['customer_details']>['address']>;

const customerOf = (sandbox: Sandbox, session: SessionObject) =>
  typeof session.customer === 'string' ? sandbox.store.get<CustomerObject>('customer', session.customer) : undefined;

/**
 * Whether the hosted page must ask for a billing address: automatic tax needs a location
 * unless the session's customer already has one that Checkout may not change.
 */
export function sessionNeedsAddress(sandbox: Sandbox, session: SessionObject): boolean {
  if (session.billing_address_collection === 'required') return true;
  if (!session.automatic_tax.enabled) return false;
  const customer = customerOf(sandbox, session);
  if (!customer) return true;
  return sessionExtras(sandbox, session.id).customer_update?.address === 'auto' || !customerTaxCountry(customer);
}

/**
 * Recomputes the session's tax for `country` (the sandbox table in `billing/tax.ts`) on each
 * line after its discount: line `amount_tax`/`amount_total`, `total_details.amount_tax`,
 * `amount_total` and `automatic_tax.status: 'complete'`.
 */
export function applySessionTax(sandbox: Sandbox, session: SessionObject, country: string): void {
  sandbox.store.setInternal(SESSION_TAX_COUNTRY, session.id, country);
  const items: LineItemObject[] = sessionLineItems(sandbox, session.id).map((li) => {
    const taxable = li.amount_subtotal - li.amount_discount;
    const behavior = behaviorOf(li.price);
    const t = lineTax(sandbox, country, taxable, behavior);
    return { ...li, amount_tax: t.amount, amount_total: taxable + (behavior === 'exclusive' ? t.amount : 0) };
  });
  sandbox.store.setInternal(SESSION_LINE_ITEMS, session.id, items);
  const tax = items.reduce((sum, li) => sum + li.amount_tax, 0);
  Object.assign(session, {
    amount_total: items.reduce((sum, li) => sum + li.amount_total, 0),
    total_details: { ...(session.total_details ?? { amount_discount: 0, amount_shipping: 0 }), amount_tax: tax },
    automatic_tax: { ...session.automatic_tax, status: 'complete' },
  });
  save(sandbox, session);
}

/** After a discount changes the lines, the tax already computed follows. */
export function reapplySessionTax(sandbox: Sandbox, session: SessionObject): void {
  const country = sandbox.store.internal<string>(SESSION_TAX_COUNTRY)[session.id];
  if (session.automatic_tax.enabled && country) applySessionTax(sandbox, session, country);
}

/**
 * Checkout's `customer_update`: with `address: 'auto'` / `name: 'auto'` what the buyer typed
 * is saved on the existing customer (`customer.updated`).
 */
export function updateCustomerFromSession(
  sandbox: Sandbox,
  session: SessionObject,
  entered: { address: SessionAddress | null; name: string | null },
): void {
  const customer = customerOf(sandbox, session);
  const update = sessionExtras(sandbox, session.id).customer_update;
  if (!customer || !update) return;
  const before = clone(customer);
  if (update.address === 'auto' && entered.address) customer.address = { ...entered.address };
  if (update.name === 'auto' && entered.name) customer.name = entered.name;
  const changed = changedAttributes(before, customer);
  if (Object.keys(changed).length === 0) return;
  save(sandbox, customer);
  sandbox.events.emit('customer.updated', customer, changed);
}
