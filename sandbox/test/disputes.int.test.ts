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

async function disputedCharge() {
  const pi = await t.stripe.paymentIntents.create({ amount: 4800, currency: 'usd', payment_method: 'pm_card_createDispute', confirm: true });
  expect(pi.status).toBe('succeeded');
  const chargeId = pi.latest_charge as string;
  const dispute = await waitFor(() => t.running.sandbox.store.all<{ id: string; object: string; charge: string }>('dispute').find((d) => d.charge === chargeId));
  return { pi, chargeId, disputeId: dispute.id };
}

describe('disputes', () => {
  it('opens a dispute after a 0259 charge succeeds, withdrawing the amount and the fee', async () => {
    const { pi, chargeId, disputeId } = await disputedCharge();
    const dispute = await t.stripe.disputes.retrieve(disputeId);
    expect(dispute).toMatchObject({ status: 'needs_response', reason: 'fraudulent', amount: 4800, charge: chargeId, payment_intent: pi.id });
    expect(dispute.evidence_details.due_by).toBeGreaterThan(dispute.created);
    const withdrawal = dispute.balance_transactions[0]!;
    expect(withdrawal).toMatchObject({ amount: -4800, fee: 1500, net: -6300, reporting_category: 'dispute' });
    expect((await t.stripe.charges.retrieve(chargeId)).disputed).toBe(true);
    const types = (await t.stripe.events.list({ type: 'charge.dispute.*' })).data.map((e) => e.type).reverse();
    expect(types).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn']);
    const listed = await t.stripe.disputes.list({ charge: chargeId });
    expect(listed.data.map((d) => d.id)).toEqual([disputeId]);
  });

  it('wins with Stripe’s winning_evidence text and reinstates the funds', async () => {
    const { disputeId } = await disputedCharge();
    const won = await t.stripe.disputes.update(disputeId, { evidence: { uncategorized_text: 'winning_evidence', customer_name: 'Ada' } });
    expect(won.status).toBe('won');
    expect(won.balance_transactions.map((b) => b.amount)).toEqual([-4800, 4800]);
    const events = (await t.stripe.events.list({ limit: 4 })).data.map((e) => e.type).reverse();
    expect(events.slice(-3)).toEqual(['charge.dispute.updated', 'charge.dispute.funds_reinstated', 'charge.dispute.closed']);
  });

  it('loses when the merchant accepts it, and refuses to close twice', async () => {
    const { disputeId } = await disputedCharge();
    const lost = await t.stripe.disputes.close(disputeId);
    expect(lost.status).toBe('lost');
    await expect(t.stripe.disputes.close(disputeId)).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('closes won or lost through the control API', async () => {
    const { disputeId } = await disputedCharge();
    const res = await fetch(`${t.running.url}/_sandbox/disputes/${disputeId}/close`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'won' }),
    });
    expect(((await res.json()) as { status: string }).status).toBe('won');
  });
});
