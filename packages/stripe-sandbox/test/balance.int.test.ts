import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startTestSandbox, waitFor, type TestSandbox } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.running.close();
});

async function control(path: string, body: object = {}) {
  const res = await fetch(`${t.running.url}/_sandbox${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const pay = (amount: number, currency = 'usd', payment_method = 'pm_card_visa') =>
  t.stripe.paymentIntents.create({ amount, currency, payment_method, confirm: true });

describe('balance transactions and payouts', () => {
  let started: number;
  const ids: Record<string, string> = {};

  it('records a balance transaction for every money movement, with Stripe’s reporting categories', async () => {
    started = Math.floor(Date.now() / 1000);
    const pi = await pay(10_000);
    const charge = await t.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction'] });
    const chargeTxn = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(chargeTxn).toMatchObject({ type: 'charge', reporting_category: 'charge', amount: 10_000, fee: 320, net: 9680, status: 'pending', source: charge.id });
    expect(chargeTxn.fee_details).toEqual([expect.objectContaining({ type: 'stripe_fee', amount: 320 })]);
    expect(chargeTxn.available_on - chargeTxn.created).toBe(2 * 86_400);

    const refund = await t.stripe.refunds.create({ charge: charge.id, amount: 2500 });
    const refundTxn = await t.stripe.balanceTransactions.retrieve(refund.balance_transaction as string);
    expect(refundTxn).toMatchObject({ type: 'refund', reporting_category: 'refund', amount: -2500, fee: 0, net: -2500, source: refund.id });

    const disputed = await pay(3000);
    const dispute = (await control(`/charges/${disputed.latest_charge as string}/dispute`, { reason: 'fraudulent' })).body as unknown as Stripe.Dispute;
    expect(dispute.balance_transactions[0]).toMatchObject({ type: 'adjustment', reporting_category: 'dispute', amount: -3000, fee: 1500, net: -4500 });
    await control(`/disputes/${dispute.id}/close`, { outcome: 'won' });
    const reinstated = await t.stripe.balanceTransactions.list({ type: 'adjustment' });
    expect(reinstated.data.map((b) => b.reporting_category)).toEqual(['dispute_reversal', 'dispute']);

    // Listable by created and type; the balance is their net, pending until available_on.
    const charges = await t.stripe.balanceTransactions.list({ type: 'charge', created: { gte: started } });
    expect(charges.data.map((b) => b.source).sort()).toEqual([charge.id, disputed.latest_charge].sort());
    const none = await t.stripe.balanceTransactions.list({ created: { lt: started - 10 } });
    expect(none.data).toEqual([]);
    const all = await t.stripe.balanceTransactions.list({ limit: 100 });
    const net = all.data.reduce((sum, b) => sum + b.net, 0);
    expect(net).toBe(9680 - 2500 + (3000 - 117) - 4500 + 3000);
    const balance = await t.stripe.balance.retrieve();
    expect(balance.pending.find((b) => b.currency === 'usd')?.amount).toBe(net);
    expect(balance.available.find((b) => b.currency === 'usd')?.amount).toBe(0);
    ids.charge = charge.id;
  });

  it('pays out the available balance daily (payout.created, then payout.paid), listable by payout', async () => {
    await waitFor(() => t.running.sandbox.store.all<{ status: string; object: string; id: string }>('refund').every((r) => r.status !== 'pending'));
    expect((await t.stripe.payouts.list()).data).toEqual([]);
    expect((await control('/clock/advance', { seconds: 3 * 86_400 })).status).toBe(200);
    const [payout, ...more] = (await t.stripe.payouts.list()).data;
    expect(more).toEqual([]);
    expect(payout).toMatchObject({ automatic: true, currency: 'usd', status: 'in_transit', method: 'standard', type: 'bank_account' });
    expect(payout!.created % 86_400).toBe(0);
    expect(payout!.arrival_date).toBe(payout!.created + 86_400);

    const swept = await t.stripe.balanceTransactions.list({ payout: payout!.id, limit: 100 });
    const own = swept.data.find((b) => b.type === 'payout')!;
    expect(own).toMatchObject({ id: payout!.balance_transaction, amount: -payout!.amount, reporting_category: 'payout', status: 'available' });
    const others = swept.data.filter((b) => b.type !== 'payout');
    expect(others.map((b) => b.type).sort()).toEqual(['adjustment', 'adjustment', 'charge', 'charge', 'refund']);
    expect(others.reduce((sum, b) => sum + b.net, 0)).toBe(payout!.amount);
    const balance = await t.stripe.balance.retrieve();
    expect(balance.available.find((b) => b.currency === 'usd')?.amount).toBe(0);

    await control('/clock/advance', { seconds: 86_400 });
    expect((await t.stripe.payouts.retrieve(payout!.id)).status).toBe('paid');
    const events = (await t.stripe.events.list({ type: 'payout.*' })).data.map((e) => e.type).reverse();
    expect(events).toEqual(['payout.created', 'payout.paid']);
    ids.payout = payout!.id;
  });

  it('a failed payout returns the funds, which the next payout carries', async () => {
    const failed = await control(`/payouts/${ids.payout}/fail`, { failure_code: 'account_closed' });
    expect(failed.body).toMatchObject({ status: 'failed', failure_code: 'account_closed' });
    const payout = await t.stripe.payouts.retrieve(ids.payout!, { expand: ['failure_balance_transaction'] });
    const reversal = payout.failure_balance_transaction as Stripe.BalanceTransaction;
    expect(reversal).toMatchObject({ type: 'payout_failure', reporting_category: 'payout_reversal', amount: payout.amount });
    expect((await t.stripe.events.list({ type: 'payout.failed' })).data).toHaveLength(1);
    const balance = await t.stripe.balance.retrieve();
    expect(balance.available.find((b) => b.currency === 'usd')?.amount).toBe(payout.amount);

    const again = (await control('/payouts/run')).body.data as Stripe.Payout[];
    expect(again.map((p) => p.amount)).toEqual([payout.amount]);
    expect((await control(`/payouts/${ids.payout}/fail`)).status).toBe(400);
  });

  it('refuses manual payouts and unknown payout ids with Stripe’s errors', async () => {
    await expect(t.stripe.payouts.create({ amount: 100, currency: 'usd' })).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await expect(t.stripe.payouts.retrieve('po_nope')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
    await expect(t.stripe.balanceTransactions.list({ payout: 'po_nope' })).rejects.toMatchObject({ statusCode: 404 });
  });
});
