import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers, disputes, payments, plans, refunds, subscriptions } from '@/db/schema';
import { seedUser, uniqueSuffix } from '@/db/seed/factories';
import { queryRows, setupTestDb } from '@/tests/support/test-db';
import type { Database } from '../client';
import { mrrAt } from './admin-metrics';
import { recordSubscriptionMrr } from './mrr';

// The overview's daily rollups (revenue_daily, payment_outcomes_daily) are kept by triggers on
// the ledger. Whatever order the webhook path writes states in — late events, duplicates,
// refunds that fail after succeeding, disputes reopened and lost — the rollups must equal the
// same sums computed from the ledger rows as they finally are.

const getDb = setupTestDb();

/** A small deterministic PRNG (mulberry32), so a failing order can be replayed by its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CAPTURED = ['succeeded', 'partially_refunded', 'refunded', 'disputed', 'charged_back'];
const day = (n: number, hour = 12) => new Date(Date.UTC(2002, 0, 1 + n, hour));

type PaymentState = { status: string; succeededAt: Date | null; amount: number };
type RefundState = { status: 'pending' | 'succeeded' | 'failed' | 'canceled'; amount: number; createdAt: Date };
type DisputeState = { status: 'needs_response' | 'under_review' | 'won' | 'lost'; closedAt: Date | null };

/** One write as the sync would make it: the object's state at a version; later versions win. */
type Write =
  | { kind: 'payment'; key: number; version: number; state: PaymentState }
  | { kind: 'refund'; key: number; payment: number; version: number; state: RefundState }
  | { kind: 'dispute'; key: number; payment: number; version: number; state: DisputeState }
  | { kind: 'delete-refund'; key: number; version: number };

/** Histories of a few payments in two currencies, each as its successive states. */
function histories(random: () => number): { writes: Write[]; currencyOf: Map<number, string>; createdOf: Map<number, Date> } {
  const writes: Write[] = [];
  const currencyOf = new Map<number, string>();
  const createdOf = new Map<number, Date>();
  let refundKey = 0;
  let disputeKey = 0;
  for (let p = 0; p < 24; p++) {
    const amount = 1000 + Math.floor(random() * 9000);
    const created = day(Math.floor(random() * 20), 23); // 23:xx: success may land on the next UTC day
    const succeeded = new Date(created.getTime() + Math.floor(random() * 3) * 3_600_000);
    currencyOf.set(p, random() < 0.5 ? 'usd' : 'eur');
    createdOf.set(p, created);
    let v = 0;
    const pay = (state: PaymentState) => writes.push({ kind: 'payment', key: p, version: ++v, state });
    pay({ status: 'processing', succeededAt: null, amount });
    const fate = random();
    if (fate < 0.15) {
      pay({ status: 'failed', succeededAt: null, amount });
      continue;
    }
    pay({ status: 'succeeded', succeededAt: succeeded, amount });
    if (fate < 0.55) {
      // A partial refund, then sometimes the rest; one refund may fail after succeeding (Stripe's 5126 card).
      const r1 = ++refundKey;
      const part = Math.floor(amount / 3);
      const refundAt = day(5 + Math.floor(random() * 20));
      let rv = 0;
      writes.push({ kind: 'refund', key: r1, payment: p, version: ++rv, state: { status: 'pending', amount: part, createdAt: refundAt } });
      writes.push({ kind: 'refund', key: r1, payment: p, version: ++rv, state: { status: 'succeeded', amount: part, createdAt: refundAt } });
      pay({ status: 'partially_refunded', succeededAt: succeeded, amount });
      if (random() < 0.3) {
        writes.push({ kind: 'refund', key: r1, payment: p, version: ++rv, state: { status: 'failed', amount: part, createdAt: refundAt } });
        pay({ status: 'succeeded', succeededAt: succeeded, amount });
      } else if (random() < 0.5) {
        const r2 = ++refundKey;
        writes.push({ kind: 'refund', key: r2, payment: p, version: 1, state: { status: 'succeeded', amount: amount - part, createdAt: day(25) } });
        pay({ status: 'refunded', succeededAt: succeeded, amount });
      } else if (random() < 0.3) {
        // A refund row removed (a test-mode cleanup): its contribution must leave too.
        writes.push({ kind: 'delete-refund', key: r1, version: ++rv });
      }
    } else if (fate < 0.8) {
      const dk = ++disputeKey;
      pay({ status: 'disputed', succeededAt: succeeded, amount });
      writes.push({ kind: 'dispute', key: dk, payment: p, version: 1, state: { status: 'needs_response', closedAt: null } });
      writes.push({ kind: 'dispute', key: dk, payment: p, version: 2, state: { status: 'under_review', closedAt: null } });
      const lost = random() < 0.5;
      writes.push({ kind: 'dispute', key: dk, payment: p, version: 3, state: { status: lost ? 'lost' : 'won', closedAt: day(28, 1) } });
      pay({ status: lost ? 'charged_back' : 'succeeded', succeededAt: succeeded, amount });
    }
  }
  return { writes, currencyOf, createdOf };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function readRollups(db: Database) {
  const revenue = await queryRows<Record<string, unknown>>(db, sql`select day::text as day, currency, gross_amount::float8 as gross_amount, gross_count, refund_amount::float8 as refund_amount, refund_count,
      disputes_lost_amount::float8 as disputes_lost_amount, disputes_lost_count, disputes_opened_amount::float8 as disputes_opened_amount, disputes_opened_count
    from revenue_daily where gross_count <> 0 or refund_count <> 0 or disputes_lost_count <> 0 or disputes_opened_count <> 0
      or gross_amount <> 0 or refund_amount <> 0 or disputes_lost_amount <> 0 or disputes_opened_amount <> 0
    order by day, currency`);
  const outcomes = await queryRows<Record<string, unknown>>(db, sql`select day::text as day, currency, status, count, amount::float8 as amount
    from payment_outcomes_daily where count <> 0 or amount <> 0 order by day, currency, status`);
  return { revenue, outcomes };
}

/** The same sums straight from the ledger rows (written independently of the trigger code). */
async function fromLedger(db: Database) {
  const [paymentRows, refundRows, disputeRows] = await Promise.all([
    db.select().from(payments),
    db.select().from(refunds),
    db.select().from(disputes),
  ]);
  const utcDay = (d: Date) => new Date(d).toISOString().slice(0, 10);
  const revenue = new Map<string, Record<string, unknown>>();
  const row = (d: Date, currency: string) => {
    const key = `${utcDay(d)}|${currency}`;
    let r = revenue.get(key);
    if (!r) {
      r = { day: utcDay(d), currency, gross_amount: 0, gross_count: 0, refund_amount: 0, refund_count: 0, disputes_lost_amount: 0, disputes_lost_count: 0, disputes_opened_amount: 0, disputes_opened_count: 0 };
      revenue.set(key, r);
    }
    return r as Record<string, number>;
  };
  const outcomes = new Map<string, { day: string; currency: string; status: string; count: number; amount: number }>();
  for (const p of paymentRows) {
    if (p.succeededAt && CAPTURED.includes(p.status)) {
      const r = row(p.succeededAt, p.currency);
      r.gross_amount! += p.amount;
      r.gross_count! += 1;
    }
    const key = `${utcDay(p.createdAt)}|${p.currency}|${p.status}`;
    const o = outcomes.get(key) ?? { day: utcDay(p.createdAt), currency: p.currency, status: p.status, count: 0, amount: 0 };
    o.count += 1;
    o.amount += p.amount;
    outcomes.set(key, o);
  }
  for (const r of refundRows) {
    if (!['pending', 'requires_action', 'succeeded'].includes(r.status)) continue;
    const t = row(r.createdAt, r.currency);
    t.refund_amount! += r.amount;
    t.refund_count! += 1;
  }
  for (const d of disputeRows) {
    const t = row(d.createdAt, d.currency);
    t.disputes_opened_amount! += d.amount;
    t.disputes_opened_count! += 1;
    if (d.status === 'lost' && d.closedAt) {
      const l = row(d.closedAt, d.currency);
      l.disputes_lost_amount! += d.amount;
      l.disputes_lost_count! += 1;
    }
  }
  const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) => `${a.day}|${a.currency}|${a.status ?? ''}`.localeCompare(`${b.day}|${b.currency}|${b.status ?? ''}`);
  return { revenue: [...revenue.values()].sort(byKey), outcomes: [...outcomes.values()].sort(byKey) };
}

/** Applies the writes in the given order, as the sync does: a write older than the row's version changes nothing. */
async function deliver(db: Database, writes: Write[], ctx: { userId: string; customerId: string; currencyOf: Map<number, string>; createdOf: Map<number, Date>; tag: string }) {
  const paymentIds = new Map<number, { id: string; version: number; amount: number }>();
  const refundRows = new Map<number, { id: string | null; version: number }>();
  const disputeRows = new Map<number, { id: string; version: number }>();
  // A refund or dispute can arrive before its payment's own event; the sync then creates the
  // payment from the charge it reads (processing, not yet captured here).
  const ensurePayment = async (key: number, amount: number) => {
    const known = paymentIds.get(key);
    if (known) return known;
    const [row] = await db
      .insert(payments)
      .values({ stripePaymentIntentId: `pi_${ctx.tag}_${key}`, userId: ctx.userId, customerId: ctx.customerId, amount, currency: ctx.currencyOf.get(key)!, status: 'processing', createdAt: ctx.createdOf.get(key)! })
      .returning({ id: payments.id });
    const entry = { id: row!.id, version: 0, amount };
    paymentIds.set(key, entry);
    return entry;
  };
  const amountOf = (key: number) => (writes.find((w) => w.kind === 'payment' && w.key === key) as Extract<Write, { kind: 'payment' }>).state.amount;
  for (const w of writes) {
    if (w.kind === 'payment') {
      const entry = await ensurePayment(w.key, w.state.amount);
      if (w.version <= entry.version) continue;
      entry.version = w.version;
      await db.update(payments).set({ status: w.state.status as 'succeeded', succeededAt: w.state.succeededAt, amount: w.state.amount }).where(eq(payments.id, entry.id));
    } else if (w.kind === 'refund') {
      const payment = await ensurePayment(w.payment, amountOf(w.payment));
      const known = refundRows.get(w.key);
      if (known && (known.id === null || w.version <= known.version)) continue; // deleted, or stale
      if (!known) {
        const [row] = await db
          .insert(refunds)
          .values({ stripeRefundId: `re_${ctx.tag}_${w.key}`, paymentId: payment.id, amount: w.state.amount, currency: ctx.currencyOf.get(w.payment)!, status: w.state.status, createdAt: w.state.createdAt })
          .returning({ id: refunds.id });
        refundRows.set(w.key, { id: row!.id, version: w.version });
      } else {
        known.version = w.version;
        await db.update(refunds).set({ status: w.state.status, amount: w.state.amount }).where(eq(refunds.id, known.id!));
      }
    } else if (w.kind === 'delete-refund') {
      const known = refundRows.get(w.key);
      if (known?.id) await db.delete(refunds).where(eq(refunds.id, known.id));
      refundRows.set(w.key, { id: null, version: w.version });
    } else {
      const payment = await ensurePayment(w.payment, amountOf(w.payment));
      const known = disputeRows.get(w.key);
      if (known && w.version <= known.version) continue;
      if (!known) {
        const [row] = await db
          .insert(disputes)
          .values({ stripeDisputeId: `dp_${ctx.tag}_${w.key}`, paymentId: payment.id, stripeChargeId: `ch_${ctx.tag}_${w.payment}`, amount: payment.amount, currency: ctx.currencyOf.get(w.payment)!, status: w.state.status, reason: 'fraudulent', createdAt: day(26), closedAt: w.state.closedAt })
          .returning({ id: disputes.id });
        disputeRows.set(w.key, { id: row!.id, version: w.version });
      } else {
        known.version = w.version;
        await db.update(disputes).set({ status: w.state.status, closedAt: w.state.closedAt }).where(eq(disputes.id, known.id));
      }
    }
  }
}

describe('revenue rollups', () => {
  it('equal the ledger after the same histories delivered in random orders', async () => {
    const { db } = getDb();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const random = prng(seed);
      const { writes, currencyOf, createdOf } = histories(random);
      const user = await seedUser(db);
      const [customer] = await db.insert(customers).values({ userId: user.id, stripeCustomerId: `cus_${uniqueSuffix()}` }).returning();
      // Random order, with some writes delivered twice (Stripe retries).
      const order = shuffle([...writes, ...writes.filter(() => random() < 0.2)], random);
      await deliver(db, order, { userId: user.id, customerId: customer!.id, currencyOf, createdOf, tag: `s${seed}_${uniqueSuffix()}` });
      const [rollups, ledger] = await Promise.all([readRollups(db), fromLedger(db)]);
      expect(rollups.revenue, `seed ${seed}`).toEqual(ledger.revenue);
      expect(rollups.outcomes, `seed ${seed}`).toEqual(ledger.outcomes);
    }
    const { revenue } = await readRollups(db);
    // The histories did reach every column (a test that cannot fail proves nothing).
    for (const column of ['gross_count', 'refund_count', 'disputes_lost_count', 'disputes_opened_count']) {
      expect(revenue.some((r) => Number(r[column]) > 0), column).toBe(true);
    }
  });

  it('rebuild_revenue_rollups() recomputes the same tables from the ledger', async () => {
    const { db } = getDb();
    const before = await readRollups(db);
    expect(before.revenue.length).toBeGreaterThan(0);
    // Spoil the rollup, then rebuild it.
    await db.execute(sql`update revenue_daily set gross_amount = gross_amount + 1`);
    await db.execute(sql`delete from payment_outcomes_daily`);
    await db.execute(sql`select rebuild_revenue_rollups()`);
    expect(await readRollups(db)).toEqual(before);
  });

  it('mrr_daily equals the movements, and MRR and subscribers at any midnight equal the ledger', async () => {
    const { db } = getDb();
    const random = prng(42);
    const [plan] = await db.insert(plans).values({ slug: `plan-${uniqueSuffix()}`, name: 'All-Access', description: 'All' }).returning();
    type Sub = { id: string; userId: string; currency: string };
    const subs: Sub[] = [];
    for (let i = 0; i < 12; i++) {
      const user = await seedUser(db);
      const [customer] = await db.insert(customers).values({ userId: user.id, stripeCustomerId: `cus_${uniqueSuffix()}` }).returning();
      const currency = i % 3 === 0 ? 'eur' : 'usd';
      // Some learners have two subscriptions over time (churn, then reactivation).
      for (let k = 0; k < (i % 4 === 0 ? 2 : 1); k++) {
        const [row] = await db.insert(subscriptions).values({ stripeSubscriptionId: `sub_${uniqueSuffix()}`, userId: user.id, customerId: customer!.id, planId: plan!.id, status: 'canceled', createdAt: day(0) }).returning();
        subs.push({ id: row!.id, userId: user.id, currency });
      }
    }
    // 120 subscription reads, interleaved across subscriptions, each at its own instant.
    for (let step = 0; step < 120; step++) {
      const sub = subs[Math.floor(random() * subs.length)]!;
      const mrr = [0, 0, 1900, 2900, 1583][Math.floor(random() * 5)]!;
      await recordSubscriptionMrr(db, { subscriptionId: sub.id, userId: sub.userId, currency: sub.currency, mrr, effectiveAt: new Date(day(0).getTime() + step * 7 * 3_600_000) });
    }
    const rollup = await queryRows<{ day: string; currency: string; delta: number; subscribers: number }>(
      db,
      sql`select day::text as day, currency, delta::float8 as delta, subscribers from mrr_daily where delta <> 0 or subscribers <> 0 order by day, currency`,
    );
    const ledger = await queryRows<{ day: string; currency: string; delta: number; subscribers: number }>(
      db,
      sql`select * from (select (effective_at at time zone 'UTC')::date::text as day, currency, sum(delta)::float8 as delta,
          sum(case when kind in ('new', 'reactivation') then 1 when kind = 'churn' then -1 else 0 end)::int as subscribers
        from mrr_movements group by 1, 2) x where delta <> 0 or subscribers <> 0 order by day, currency`,
    );
    expect(rollup.length).toBeGreaterThan(5);
    expect(rollup).toEqual(ledger);
    // MRR and paying customers at each midnight, straight from the movements.
    for (let n = 0; n <= 40; n += 3) {
      const at = new Date(Date.UTC(2002, 0, 1 + n));
      const raw = await queryRows<{ currency: string; mrr: number; subscribers: number }>(
        db,
        sql`select currency, sum(mrr)::float8 as mrr, count(*) filter (where mrr > 0)::int as subscribers
          from (select user_id, currency, sum(delta) as mrr from mrr_movements where effective_at < ${at.toISOString()}::timestamptz group by 1, 2) c group by currency order by currency`,
      );
      const fromRollup = (await mrrAt(db, at)).sort((a, b) => a.currency.localeCompare(b.currency));
      expect(fromRollup, at.toISOString()).toEqual(raw.map((r) => ({ currency: r.currency, mrr: Number(r.mrr), subscribers: Number(r.subscribers) })));
    }
  });
});
