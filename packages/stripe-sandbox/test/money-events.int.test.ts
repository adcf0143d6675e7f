import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox({ disputeOpenMs: 60_000, refundSettleMs: 60_000 });
});
afterAll(async () => {
  await t.running.close();
});

const control = (path: string, body: unknown = {}) =>
  fetch(`${t.running.url}/_sandbox${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const typesSince = async (since: string | undefined) => {
  const all = (await t.stripe.events.list({ limit: 100 })).data;
  const idx = since ? all.findIndex((e) => e.id === since) : all.length;
  return all.slice(0, idx === -1 ? all.length : idx).reverse();
};
const lastEventId = async () => (await t.stripe.events.list({ limit: 1 })).data[0]?.id;

describe('money events', () => {
  it('charge.refund.updated accompanies every refund update (settlement and metadata)', async () => {
    const pi = await t.stripe.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: 'pm_card_pendingRefund', confirm: true });
    const refund = await t.stripe.refunds.create({ payment_intent: pi.id });
    expect(refund.status).toBe('pending');
    const before = await lastEventId();
    await control(`/refunds/${refund.id}/settle`);
    const settled = await typesSince(before);
    expect(settled.map((e) => e.type)).toEqual(['refund.updated', 'charge.refund.updated']);
    expect((settled[1]?.data.object as Stripe.Refund).status).toBe('succeeded');
    expect(settled[1]?.data.previous_attributes).toMatchObject({ status: 'pending' });

    const mark = await lastEventId();
    await t.stripe.refunds.update(refund.id, { metadata: { reason_note: 'learner asked' } });
    expect((await typesSince(mark)).map((e) => e.type)).toEqual(['refund.updated', 'charge.refund.updated']);
  });

  it('balance.available when pending funds become available, and at once for bypassPending cards', async () => {
    await t.stripe.paymentIntents.create({ amount: 10_000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const before = await lastEventId();
    await control('/clock/advance', { seconds: 3 * 86400 });
    const after = (await typesSince(before)).filter((e) => e.type === 'balance.available');
    expect(after).toHaveLength(1);
    const balance = after[0]?.data.object as Stripe.Balance;
    expect(balance.object).toBe('balance');
    expect(balance.available.find((b) => b.currency === 'usd')?.amount).toBeGreaterThan(0);
    // Nothing new became available: no second event.
    const quiet = await lastEventId();
    await control('/clock/advance', { seconds: 60 });
    expect((await typesSince(quiet)).filter((e) => e.type === 'balance.available')).toHaveLength(0);

    const mark = await lastEventId();
    await t.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true });
    const types = (await typesSince(mark)).map((e) => e.type);
    expect(types).toContain('balance.available');
    expect(types.indexOf('balance.available')).toBeGreaterThan(types.indexOf('payment_intent.succeeded'));
  });

  it('a dispute test card’s dispute is listable as soon as the charge has succeeded', async () => {
    for (const pm of ['pm_card_createDispute', 'pm_card_createDisputeInquiry', 'pm_card_createDisputeProductNotReceived']) {
      const pi = await t.stripe.paymentIntents.create({ amount: 2500, currency: 'usd', payment_method: pm, confirm: true });
      const disputes = await t.stripe.disputes.list({ payment_intent: pi.id });
      expect(disputes.data, pm).toHaveLength(1);
      const charge = await t.stripe.charges.retrieve(pi.latest_charge as string);
      expect(charge.disputed, pm).toBe(true);
    }
    const inquiry = (await t.stripe.disputes.list({ limit: 3 })).data.find((d) => d.reason === 'general' || d.status.startsWith('warning'));
    expect(inquiry?.status).toBe('warning_needs_response');
  });
});
