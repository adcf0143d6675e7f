import { describe, expect, it } from 'vitest';
import { countRecentFailedRefunds, listAdminRefunds } from '@/db/queries/admin-refunds';
import { customers, payments, refunds } from '@/db/schema';
import { seedUser, uniqueSuffix } from '@/db/seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import { encodeKeyset, decodeKeyset, slicePage } from './keyset';
import { readRefundFilters, type RefundFilters } from './refund-filters';

// The admin refunds list on real rows: filters, search, keyset pages and the failed call-out.

const getDb = setupTestDb();

describe('admin refunds list', () => {
  it('filters, searches and pages through refunds newest first', async () => {
    const { db } = getDb();
    const admin = await seedUser(db, { role: 'admin' });
    const tag = uniqueSuffix().replace(/[^a-z0-9]/gi, '').toLowerCase();
    const learner = await seedUser(db, { email: `refund-${tag}@example.com` });
    const [customer] = await db.insert(customers).values({ userId: learner.id, stripeCustomerId: `cus_${uniqueSuffix()}` }).returning();
    const made: Array<{ id: string; stripeRefundId: string }> = [];
    for (let i = 0; i < 5; i++) {
      const [payment] = await db
        .insert(payments)
        .values({ stripePaymentIntentId: `pi_${tag}_${i}`, userId: learner.id, customerId: customer!.id, amount: 4000, currency: i === 4 ? 'eur' : 'usd', status: 'partially_refunded', succeededAt: new Date(Date.UTC(2030, 0, 1 + i)), createdAt: new Date(Date.UTC(2030, 0, 1 + i)) })
        .returning();
      const [refund] = await db
        .insert(refunds)
        .values({
          stripeRefundId: `re_${tag}_${i}`,
          paymentId: payment!.id,
          amount: 1000,
          currency: payment!.currency,
          status: i === 1 ? 'failed' : 'succeeded',
          failureReason: i === 1 ? 'expired_or_canceled_card' : null,
          requestedByUserId: i % 2 === 0 ? admin.id : null,
          createdAt: new Date(Date.UTC(2030, 0, 2 + i)),
        })
        .returning();
      made.push({ id: refund!.id, stripeRefundId: refund!.stripeRefundId! });
    }
    const list = (filters: RefundFilters, limit = 50) => listAdminRefunds(db, filters, { keyset: null, direction: 'after', limit }).then((rows) => rows.map((r) => r.stripeRefundId));
    const mine = { q: `refund-${tag}@example.com` };

    expect(await list(mine)).toEqual([4, 3, 2, 1, 0].map((i) => `re_${tag}_${i}`));
    expect(await list({ ...mine, status: 'failed' })).toEqual([`re_${tag}_1`]);
    expect(await list({ ...mine, currency: 'eur' })).toEqual([`re_${tag}_4`]);
    expect(await list({ ...mine, origin: 'dashboard' })).toEqual([4, 2, 0].map((i) => `re_${tag}_${i}`));
    expect(await list({ ...mine, origin: 'stripe' })).toEqual([3, 1].map((i) => `re_${tag}_${i}`));
    expect(await list({ q: `re_${tag}_3` })).toEqual([`re_${tag}_3`]);
    expect(await list({ q: `pi_${tag}_2` })).toEqual([`re_${tag}_2`]);
    expect(await list({ q: `refund-${tag}` })).toHaveLength(5);
    expect(await list({ q: `nobody-${tag}@example.com` })).toEqual([]);
    // A date range from the URL, as the page reads it.
    const { filters } = readRefundFilters({ from: '2030-01-03', to: '2030-01-04', q: mine.q });
    expect(await list(filters)).toEqual([1, 2].map((i) => `re_${tag}_${i}`).reverse());

    // Keyset pages of two: every refund once, in order, whichever way one walks.
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pageNo = 0; pageNo < 5; pageNo++) {
      const rows = await listAdminRefunds(db, mine, { keyset: decodeKeyset(cursor), direction: 'after', limit: 2 });
      const page = slicePage(rows, 2, 'after', cursor !== null);
      seen.push(...page.rows.map((r) => r.stripeRefundId!));
      if (!page.hasNext) break;
      const last = page.rows.at(-1)!;
      cursor = encodeKeyset({ sort: new Date(last.createdAt).toISOString(), id: last.id });
    }
    expect(seen).toEqual([4, 3, 2, 1, 0].map((i) => `re_${tag}_${i}`));

    const [row] = await listAdminRefunds(db, { q: `re_${tag}_0` }, { keyset: null, direction: 'after', limit: 1 });
    expect(row).toMatchObject({ email: learner.email, requestedByEmail: admin.email, paymentAmount: 4000, amount: 1000 });
    expect(await countRecentFailedRefunds(db, new Date(Date.UTC(2030, 1, 1)))).toBeGreaterThanOrEqual(1);
    expect(await countRecentFailedRefunds(db, new Date(Date.UTC(2031, 1, 1)))).toBe(0);
  });
});
