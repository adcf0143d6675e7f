import { describe, expect, it } from 'vitest';
import { customers, disputes, invoices, payments, plans, refunds, subscriptions } from '@/db/schema';
import { seedUser, uniqueSuffix } from '@/db/seed/factories';
import { assembleOverview } from '@/lib/admin/overview-math';
import { setupTestDb } from '@/tests/support/test-db';
import type { Database } from '../client';
import {
  countDisputesOpened,
  countFailedPaymentRecovery,
  countNewCustomers,
  countPaymentsByStatus,
  mrrAt,
  mrrSeries,
  netRevenueSeries,
  sumDisputesLost,
  sumGrossRevenue,
  sumMrrMovements,
  sumRefunds,
} from './admin-metrics';
import { recordFirstPayment, recordSubscriptionMrr } from './mrr';

// The overview's numbers from real rows: every query, in two currencies, in a range of its own
// (March 2001) so other tests' rows never fall inside it.

const getDb = setupTestDb();
const d = (iso: string) => new Date(`${iso}T12:00:00Z`);
const range = { from: new Date('2001-03-01T00:00:00Z'), to: new Date('2001-04-01T00:00:00Z') };

async function learner(db: Database) {
  const user = await seedUser(db);
  const [customer] = await db.insert(customers).values({ userId: user.id, stripeCustomerId: `cus_${uniqueSuffix()}` }).returning();
  return { user, customer: customer! };
}

async function pay(db: Database, who: { user: { id: string }; customer: { id: string } }, values: { amount: number; currency: string; status: string; at: Date; refunded?: number; succeeded?: boolean }) {
  const [row] = await db
    .insert(payments)
    .values({
      stripePaymentIntentId: `pi_${uniqueSuffix()}`,
      userId: who.user.id,
      customerId: who.customer.id,
      amount: values.amount,
      amountRefunded: values.refunded ?? 0,
      currency: values.currency,
      status: values.status as 'succeeded',
      createdAt: values.at,
      succeededAt: values.succeeded === false ? null : values.at,
    })
    .returning();
  // What the payment sync does for a captured payment (the new-customers rollup).
  if (values.succeeded !== false) await recordFirstPayment(db, row!.id);
  return row!;
}

describe('admin overview metrics', () => {
  it('computes revenue, refunds, disputes, customers, outcomes and MRR per currency', async () => {
    const { db } = getDb();
    const ada = await learner(db);
    const bob = await learner(db);
    const old = await learner(db);
    // Before the range: old's first purchase, so old is not a new customer in March.
    await pay(db, old, { amount: 1000, currency: 'usd', status: 'succeeded', at: d('2001-02-10') });
    await pay(db, old, { amount: 2000, currency: 'usd', status: 'succeeded', at: d('2001-03-05') });
    const refunded = await pay(db, ada, { amount: 4900, currency: 'usd', status: 'partially_refunded', at: d('2001-03-02'), refunded: 1000 });
    const lost = await pay(db, ada, { amount: 2900, currency: 'usd', status: 'charged_back', at: d('2001-03-03') });
    await pay(db, ada, { amount: 2900, currency: 'usd', status: 'failed', at: d('2001-03-04'), succeeded: false });
    await pay(db, bob, { amount: 4800, currency: 'jpy', status: 'succeeded', at: d('2001-03-06') });
    // After the range: counted nowhere.
    await pay(db, bob, { amount: 4800, currency: 'jpy', status: 'succeeded', at: d('2001-04-02') });
    await db.insert(refunds).values([
      { stripeRefundId: `re_${uniqueSuffix()}`, paymentId: refunded.id, amount: 1000, currency: 'usd', status: 'succeeded', createdAt: d('2001-03-10') },
      // A failed refund takes nothing back.
      { stripeRefundId: `re_${uniqueSuffix()}`, paymentId: refunded.id, amount: 3900, currency: 'usd', status: 'failed', createdAt: d('2001-03-11') },
    ]);
    await db.insert(disputes).values({ stripeDisputeId: `dp_${uniqueSuffix()}`, paymentId: lost.id, stripeChargeId: 'ch_x', amount: 2900, currency: 'usd', status: 'lost', reason: 'fraudulent', createdAt: d('2001-03-08'), closedAt: d('2001-03-20') });

    const [plan] = await db.insert(plans).values({ slug: `plan-${uniqueSuffix()}`, name: 'All-Access', description: 'All' }).returning();
    const sub = async (who: typeof ada, at: Date, status: 'active' | 'canceled' = 'active') => {
      const [row] = await db.insert(subscriptions).values({ stripeSubscriptionId: `sub_${uniqueSuffix()}`, userId: who.user.id, customerId: who.customer.id, planId: plan!.id, status, createdAt: at }).returning();
      return row!;
    };
    const adaSub = await sub(ada, d('2001-02-01'), 'canceled');
    const bobSub = await sub(bob, d('2001-03-01'));
    await recordSubscriptionMrr(db, { subscriptionId: adaSub.id, userId: ada.user.id, currency: 'usd', mrr: 1900, effectiveAt: d('2001-02-01') });
    // Replaying the same state records nothing.
    await recordSubscriptionMrr(db, { subscriptionId: adaSub.id, userId: ada.user.id, currency: 'usd', mrr: 1900, effectiveAt: d('2001-02-02') });
    await recordSubscriptionMrr(db, { subscriptionId: adaSub.id, userId: ada.user.id, currency: 'usd', mrr: 0, effectiveAt: d('2001-03-15') });
    await recordSubscriptionMrr(db, { subscriptionId: bobSub.id, userId: bob.user.id, currency: 'usd', mrr: 1900, effectiveAt: d('2001-03-02') });
    await recordSubscriptionMrr(db, { subscriptionId: bobSub.id, userId: bob.user.id, currency: 'usd', mrr: 2900, effectiveAt: d('2001-03-12') });
    // Ada comes back: a reactivation, not a new customer.
    const adaAgain = await sub(ada, d('2001-03-25'));
    await recordSubscriptionMrr(db, { subscriptionId: adaAgain.id, userId: ada.user.id, currency: 'usd', mrr: 1583, effectiveAt: d('2001-03-25') });

    await db.insert(invoices).values([
      { stripeInvoiceId: `in_${uniqueSuffix()}`, userId: bob.user.id, currency: 'usd', subtotal: 1900, total: 1900, amountDue: 1900, amountPaid: 1900, status: 'paid', attemptCount: 2, createdAt: d('2001-03-05') },
      { stripeInvoiceId: `in_${uniqueSuffix()}`, userId: bob.user.id, currency: 'usd', subtotal: 1900, total: 1900, amountDue: 1900, status: 'open', attemptCount: 1, createdAt: d('2001-03-06') },
      { stripeInvoiceId: `in_${uniqueSuffix()}`, userId: bob.user.id, currency: 'usd', subtotal: 1900, total: 1900, amountDue: 1900, amountPaid: 1900, status: 'paid', attemptCount: 1, createdAt: d('2001-03-07') },
    ]);

    const [gross, refundSum, lostSum, opened, fresh, outcomes, recovery, mrrStart, mrrEnd, movements] = await Promise.all([
      sumGrossRevenue(db, range),
      sumRefunds(db, range),
      sumDisputesLost(db, range),
      countDisputesOpened(db, range),
      countNewCustomers(db, range),
      countPaymentsByStatus(db, range),
      countFailedPaymentRecovery(db, range),
      mrrAt(db, range.from),
      mrrAt(db, range.to),
      sumMrrMovements(db, range),
    ]);
    const o = assembleOverview({ gross, refunds: refundSum, lost: lostSum, opened, fresh, outcomes, recovery, mrrStart, mrrEnd, movements });

    expect(o.usd).toMatchObject({
      gross: 2000 + 4900 + 2900,
      successfulPayments: 3,
      refunds: 1000,
      disputesLost: 2900,
      net: 9800 - 1000 - 2900,
      newCustomers: 1, // ada; old paid before March
      mrrAtStart: 1900,
      mrr: 2900 + 1583,
      subscribers: 2,
      subscribersAtStart: 1,
      churnedCustomers: 1,
      customerChurnRate: 1,
      failedInvoices: 2,
      recoveredInvoices: 1,
      recoveryRate: 0.5,
      disputesOpened: 1,
    });
    expect(o.usd?.movements).toEqual({
      new: { amount: 1900, customers: 1 },
      expansion: { amount: 1000, customers: 1 },
      contraction: { amount: 0, customers: 0 },
      churn: { amount: -1900, customers: 1 },
      reactivation: { amount: 1583, customers: 1 },
    });
    expect(o.usd?.outcomes).toEqual(expect.arrayContaining([{ status: 'failed', count: 1 }, { status: 'charged_back', count: 1 }]));
    expect(o.jpy).toMatchObject({ gross: 4800, net: 4800, newCustomers: 1, mrr: 0 });

    const revenue = await netRevenueSeries(db, range, 'day');
    expect(revenue.filter((r) => r.currency === 'usd').reduce((s, r) => s + r.value, 0)).toBe(o.usd?.net);
    const mrr = await mrrSeries(db, range, 'day');
    const usdMrr = mrr.filter((r) => r.currency === 'usd');
    expect(usdMrr).toHaveLength(31);
    expect(usdMrr[0]).toEqual({ currency: 'usd', bucket: '2001-03-01', value: 1900 });
    expect(usdMrr.at(-1)).toEqual({ currency: 'usd', bucket: '2001-03-31', value: 2900 + 1583 });
  });
});
