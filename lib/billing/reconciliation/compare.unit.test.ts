import { describe, expect, it } from 'vitest';
import { comparePayment, type LocalPayment } from './compare';

// Adaptive Pricing / multi-currency: the buyer pays in the presentment currency, the account
// settles in its own. The amounts are compared where each lives, never across currencies.
describe('comparePayment across presentment and settlement currencies', () => {
  const charge = {
    kind: 'charge' as const,
    chargeId: 'ch_eur',
    paymentIntentId: 'pi_eur',
    amount: 4500,
    currency: 'eur',
    amountRefunded: 0,
    status: 'succeeded',
    disputed: false,
  };
  // Settled in USD: 4500 EUR cents became 4860 USD cents, less Stripe's fee.
  const settlement = { fee: 171, net: 4689, currency: 'usd' };
  const local: LocalPayment = {
    id: 'pay_1',
    stripePaymentIntentId: 'pi_eur',
    stripeChargeId: 'ch_eur',
    amount: 4500,
    amountRefunded: 0,
    currency: 'eur',
    status: 'succeeded',
    fee: 171,
    net: 4689,
  };

  it('agrees when the ledger holds the charged amount in EUR and the fee and net in USD', () => {
    expect(comparePayment(charge, settlement, local, null)).toEqual([]);
  });

  it('reports an amount recorded in the settlement currency, and a net recorded in the presentment one', () => {
    const settledAmount = comparePayment(charge, settlement, { ...local, amount: 4860, currency: 'usd' }, null);
    expect(settledAmount.map((d) => [d.field, d.expected, d.actual])).toEqual([
      ['amount', 4500, 4860],
      ['currency', 'eur', 'usd'],
    ]);
    const presentedNet = comparePayment(charge, settlement, { ...local, fee: 158, net: 4342 }, null);
    expect(presentedNet.map((d) => [d.field, d.expected, d.actual])).toEqual([
      ['fee', 171, 158],
      ['net', 4689, 4342],
    ]);
  });
});
