import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, startTestSandbox, type TestSandbox } from './helpers';

/**
 * Compares the top-level keys of what the sandbox returns with Stripe's own example objects
 * (`fixtures/stripe-fixtures3.json`, from stripe/openapi, MIT). Every difference must be listed
 * here with its reason; a new unexplained difference fails the test.
 */
const FIXTURES = fileURLToPath(new URL('./fixtures/stripe-fixtures3.json', import.meta.url));

type Allowed = { missing?: Record<string, string>; extra?: Record<string, string> };

const NEWER_THAN_FIXTURE = 'required by the SDK type for 2026-10-28.endive; the fixture file predates it';

const ALLOWED: Record<string, Allowed> = {
  product: { extra: { tax_details: NEWER_THAN_FIXTURE } },
  price: {},
  customer: {},
  'checkout.session': { extra: { allowed_payment_method_types: NEWER_THAN_FIXTURE } },
  item: {},
  payment_intent: {
    missing: { amount_details: 'optional in the SDK type; line-item amount details are not implemented' },
    extra: { allowed_payment_method_types: NEWER_THAN_FIXTURE, payment_record: NEWER_THAN_FIXTURE },
  },
  charge: { missing: { refunds: 'includable since 2022-11-15: present only with expand[]=refunds (tested in payments)' } },
  refund: {},
  balance_transaction: {},
  event: {},
  webhook_endpoint: {},
  payment_method: {},
  dispute: {
    extra: { intended_submission_method: NEWER_THAN_FIXTURE },
  },
  subscription: {},
  subscription_item: { extra: { current_trial: NEWER_THAN_FIXTURE } },
  invoice: {
    missing: { subscription: 'not in the SDK type for this version: the link is parent.subscription_details.subscription' },
  },
  line_item: {},
  invoice_payment: {},
  'test_helpers.test_clock': {},
  coupon: {},
  promotion_code: {},
  discount: {},
  'billing_portal.session': {},
  payout: {},
  customer_balance_transaction: {},
  setup_intent: { extra: { allowed_payment_method_types: NEWER_THAN_FIXTURE } },
  invoiceitem: {},
  credit_note: {},
  credit_note_line_item: { missing: { invoice_line_item: 'optional in the SDK type: set on lines of type invoice_line_item, absent on the custom line this sample has' } },
  subscription_schedule: { extra: { pause_schedules: NEWER_THAN_FIXTURE } },
  tax_rate: {},
  mandate: {},
};

let t: TestSandbox;
const samples: Record<string, object> = {};

beforeAll(async () => {
  const receiver = await startReceiver();
  t = await startTestSandbox();
  const { stripe } = t;
  const product = await stripe.products.create({ name: 'Shapes' });
  const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1000 });
  const customer = await stripe.customers.create({ email: 'shape@example.com' });
  const session = await stripe.checkout.sessions.create({ line_items: [{ price: price.id, quantity: 1 }], customer: customer.id });
  const items = await stripe.checkout.sessions.listLineItems(session.id);
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
  const charge = await stripe.charges.retrieve(pi.latest_charge as string);
  const refund = await stripe.refunds.create({ charge: charge.id, amount: 100 });
  const txn = await stripe.balanceTransactions.retrieve(charge.balance_transaction as string);
  const events = await stripe.events.list({ limit: 1 });
  const endpoint = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'] });
  const listedEndpoint = await stripe.webhookEndpoints.retrieve(endpoint.id);
  const pm = await stripe.paymentMethods.retrieve(pi.payment_method as string);
  const disputed = await stripe.paymentIntents.create({ amount: 500, currency: 'usd', payment_method: 'pm_card_createDispute', confirm: true });
  let dispute: Stripe.Dispute | undefined;
  while (!dispute) {
    dispute = (await stripe.disputes.list({ charge: disputed.latest_charge as string })).data[0];
    if (!dispute) await new Promise((r) => setTimeout(r, 10));
  }
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) });
  const subscriber = await stripe.customers.create({ email: 'sub-shape@example.com', payment_method: 'pm_card_visa', test_clock: clock.id });
  const subPm = (await stripe.paymentMethods.list({ customer: subscriber.id })).data[0]!.id;
  const monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 900, recurring: { interval: 'month' } });
  const subscription = await stripe.subscriptions.create({ customer: subscriber.id, items: [{ price: monthly.id }], default_payment_method: subPm });
  const invoice = await stripe.invoices.retrieve(subscription.latest_invoice as string, { expand: ['payments'] });
  const invoicePayment = invoice.payments!.data[0]!;
  const invoiceNoPayments = { ...invoice } as Partial<Stripe.Invoice>;
  delete invoiceNoPayments.payments;
  const coupon = await stripe.coupons.create({ percent_off: 10 });
  const promotionCode = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id } });
  const discounted = await stripe.subscriptions.create({
    customer: subscriber.id,
    items: [{ price: monthly.id }],
    default_payment_method: subPm,
    discounts: [{ promotion_code: promotionCode.id }],
    expand: ['discounts'],
  });
  const portal = await stripe.billingPortal.sessions.create({ customer: subscriber.id });
  // Funds become available after two days; the daily automatic payout then sweeps them.
  await fetch(`${t.running.url}/_sandbox/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seconds: 3 * 86_400 }),
  });
  const payout = (await stripe.payouts.list({ limit: 1 })).data[0]!;
  const setupIntent = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
  const customerBalanceTransaction = await stripe.customers.createBalanceTransaction(customer.id, { amount: -500, currency: 'usd' });
  const pendingItem = await stripe.invoiceItems.create({ customer: subscriber.id, amount: 700, currency: 'usd', description: 'Workbook' });
  const oneOff = await stripe.invoices.create({ customer: subscriber.id, pending_invoice_items_behavior: 'include' });
  await stripe.invoices.finalizeInvoice(oneOff.id);
  await stripe.invoices.pay(oneOff.id, { payment_method: subPm });
  const creditNote = await stripe.creditNotes.create({ invoice: oneOff.id, amount: 200, refund_amount: 200 });
  const creditNoteLine = (await stripe.creditNotes.listLineItems(creditNote.id)).data[0]!;
  const invoiceItem = await stripe.invoiceItems.retrieve(pendingItem.id);
  const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id });
  const taxed = await stripe.customers.create({ email: 'tax-shape@example.com', address: { country: 'GB' } });
  await stripe.checkout.sessions.create({ line_items: [{ price: price.id, quantity: 1 }], customer: taxed.id, automatic_tax: { enabled: true } });
  const taxRate = await stripe.taxRates.retrieve('txr_sbx_gb_excl');
  const sepa = await stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban: 'DE89370400440532013000' }, billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' } });
  const sepaSetup = await stripe.setupIntents.create({
    customer: customer.id,
    payment_method: sepa.id,
    allowed_payment_method_types: ['sepa_debit'],
    confirm: true,
    mandate_data: { customer_acceptance: { type: 'online', online: { ip_address: '127.0.0.1', user_agent: 'shapes' } } },
  });
  const mandate = await stripe.mandates.retrieve(sepaSetup.mandate as string);
  Object.assign(samples, {
    mandate,
    invoiceitem: invoiceItem,
    credit_note: creditNote,
    credit_note_line_item: creditNoteLine,
    subscription_schedule: schedule,
    tax_rate: taxRate,
    coupon,
    promotion_code: promotionCode,
    discount: discounted.discounts[0] as Stripe.Discount,
    'billing_portal.session': portal,
    payout,
    customer_balance_transaction: customerBalanceTransaction,
    setup_intent: setupIntent,
    subscription,
    subscription_item: subscription.items.data[0]!,
    invoice: invoiceNoPayments,
    line_item: invoice.lines.data[0]!,
    invoice_payment: invoicePayment,
    'test_helpers.test_clock': clock,
    product,
    price,
    customer,
    'checkout.session': session,
    item: items.data[0]!,
    payment_intent: pi,
    charge,
    refund,
    balance_transaction: txn,
    event: events.data[0]!,
    webhook_endpoint: listedEndpoint,
    payment_method: pm,
    dispute,
  } satisfies Record<string, object>);
  await receiver.close();
});
afterAll(async () => {
  await t.running.close();
});

describe('object shapes match Stripe fixtures', () => {
  const fixtures = JSON.parse(readFileSync(FIXTURES, 'utf8')) as { resources: Record<string, Record<string, unknown>> };
  for (const kind of Object.keys(ALLOWED)) {
    it(kind, () => {
      const fixture = fixtures.resources[kind];
      expect(fixture, `fixture for ${kind}`).toBeDefined();
      const ours = new Set(Object.keys(samples[kind] ?? {}));
      const theirs = new Set(Object.keys(fixture ?? {}));
      const missing = [...theirs].filter((k) => !ours.has(k)).sort();
      const extra = [...ours].filter((k) => !theirs.has(k)).sort();
      expect({ missing, extra }).toEqual({
        missing: Object.keys(ALLOWED[kind]?.missing ?? {}).sort(),
        extra: Object.keys(ALLOWED[kind]?.extra ?? {}).sort(),
      });
    });
  }
});
