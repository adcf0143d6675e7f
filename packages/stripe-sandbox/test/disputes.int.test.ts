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

  it('stages evidence with submit=false, then submits it once (evidence_details moves)', async () => {
    const { disputeId } = await disputedCharge();
    const staged = await t.stripe.disputes.update(disputeId, {
      evidence: { customer_name: 'Ada Lovelace', product_description: 'Course: TypeScript in depth' },
      submit: false,
    });
    expect(staged.status).toBe('needs_response');
    expect(staged.evidence.customer_name).toBe('Ada Lovelace');
    expect(staged.evidence_details).toMatchObject({ has_evidence: true, submission_count: 0, past_due: false });
    const updated = (await t.stripe.events.list({ type: 'charge.dispute.updated', limit: 1 })).data[0]!;
    expect((updated.data.object as Stripe.Dispute).id).toBe(disputeId);
    expect(updated.data.previous_attributes).toHaveProperty('evidence');

    const submitted = await t.stripe.disputes.update(disputeId, { evidence: { uncategorized_text: 'Access logs attached.' }, submit: true });
    expect(submitted.status).toBe('under_review');
    expect(submitted.evidence.customer_name).toBe('Ada Lovelace');
    expect(submitted.evidence_details).toMatchObject({ has_evidence: true, submission_count: 1, past_due: false, submission_method: 'manual' });
    await expect(t.stripe.disputes.update(disputeId, { evidence: { customer_name: 'x' } })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'dispute_already_closed',
    });

    // The bank decides through the control API; lost keeps the funds withdrawn.
    const res = await fetch(`${t.running.url}/_sandbox/disputes/${disputeId}/close`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'lost' }),
    });
    expect(res.status).toBe(200);
    const lost = await t.stripe.disputes.retrieve(disputeId);
    expect(lost.status).toBe('lost');
    expect(lost.balance_transactions.map((b) => b.amount)).toEqual([-4800]);
    const closed = (await t.stripe.events.list({ type: 'charge.dispute.closed', limit: 1 })).data[0]!;
    expect(closed.data.object).toMatchObject({ id: disputeId, status: 'lost' });
    const bad = await fetch(`${t.running.url}/_sandbox/disputes/${disputeId}/close`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'maybe' }),
    });
    expect(bad.status).toBe(400);
  });

  it('won after review: the reinstatement is a dispute_reversal balance transaction, the fee stays withdrawn', async () => {
    const { disputeId } = await disputedCharge();
    await t.stripe.disputes.update(disputeId, { evidence: { customer_communication: 'We talked.' } });
    const res = await fetch(`${t.running.url}/_sandbox/disputes/${disputeId}/close`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'won' }),
    });
    expect(res.status).toBe(200);
    const won = await t.stripe.disputes.retrieve(disputeId, { expand: ['balance_transactions'] });
    expect(won.balance_transactions.map((b) => [b.amount, b.fee, b.reporting_category])).toEqual([
      [-4800, 1500, 'dispute'],
      [4800, 0, 'dispute_reversal'],
    ]);
    const listed = await t.stripe.balanceTransactions.list({ source: disputeId } as Stripe.BalanceTransactionListParams);
    expect(listed.data.map((b) => b.reporting_category).sort()).toEqual(['dispute', 'dispute_reversal']);
  });

  // Last: it moves sandbox time forward for this instance.
  it('is lost when nobody responds by evidence_details.due_by', async () => {
    const { disputeId } = await disputedCharge();
    const open = await t.stripe.disputes.retrieve(disputeId);
    const seconds = open.evidence_details.due_by! - open.created + 60;
    const res = await fetch(`${t.running.url}/_sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds }),
    });
    expect(res.status).toBe(200);
    const lost = await t.stripe.disputes.retrieve(disputeId);
    expect(lost.status).toBe('lost');
    const closed = (await t.stripe.events.list({ type: 'charge.dispute.closed' })).data.find(
      (e) => (e.data.object as Stripe.Dispute).id === disputeId,
    )!;
    expect(closed.data.object).toMatchObject({ id: disputeId, status: 'lost' });
    expect(closed.created).toBe(open.evidence_details.due_by);
  });
});
