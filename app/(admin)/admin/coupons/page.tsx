import type { Metadata } from 'next';
import Link from 'next/link';
import { Pill } from '@/components/admin-catalog/pill';
import { DataTable } from '@/components/admin/data-table';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { PageHeader } from '@/components/admin/page-header';
import { buttonClass } from '@/components/ui/button';
import { getDb } from '@/db/client';
import { type CouponListItem, listCoupons, namesForTargets } from '@/db/queries/coupons';
import { requireAdmin } from '@/lib/auth/guards';
import { codeState, couponDuration, couponValue } from '@/lib/coupons/format';

export const metadata: Metadata = { title: 'Coupons' };

const day = (d: Date) => d.toISOString().slice(0, 10);

export default async function CouponsPage() {
  await requireAdmin('/admin/coupons');
  const db = await getDb();
  const coupons = await listCoupons(db);
  const names = await namesForTargets(db, [...new Set(coupons.flatMap((c) => c.courseIds))], [...new Set(coupons.flatMap((c) => c.planIds))]);
  return (
    <div>
      <PageHeader
        title="Coupons"
        description="Discounts learners redeem at Checkout with a promotion code. Stripe applies them; redemptions count paid Checkouts: course purchases and subscriptions (once each, not per renewal)."
        actions={<Link href="/admin/coupons/new" className={buttonClass('primary')}>New coupon</Link>}
      />
      <DataTable<CouponListItem>
        caption="Coupons"
        testId="coupons-table"
        rows={coupons}
        rowKey={(c) => c.id}
        empty={<AdminEmptyState title="No coupons yet">Create one, give it a code, and learners can type that code at Checkout.</AdminEmptyState>}
        columns={[
          {
            key: 'name',
            header: 'Coupon',
            cell: (c) => (
              <div className="min-w-40">
                <Link href={`/admin/coupons/${c.id}`} className="font-semibold text-brand-700 hover:underline">{c.name}</Link>
                <p className="text-xs text-slate-600">{couponValue(c)}, {couponDuration(c)}</p>
              </div>
            ),
          },
          {
            key: 'codes',
            header: 'Codes',
            cell: (c) =>
              c.codes.length ? (
                <ul className="space-y-0.5">
                  {c.codes.map((code) => {
                    const state = codeState(code);
                    return (
                      <li key={code.id} className="flex flex-wrap items-center gap-1.5">
                        <code className="font-mono text-xs">{code.code}</code>
                        {state.label === 'Active' ? null : <Pill tone={state.tone}>{state.label}</Pill>}
                      </li>
                    );
                  })}
                </ul>
              ) : (
                <span className="text-amber-800">none yet</span>
              ),
          },
          {
            key: 'limits',
            header: 'Applies to',
            hideOnMobile: true,
            cell: (c) => {
              const ids = [...c.planIds, ...c.courseIds];
              return ids.length ? ids.map((id) => names.get(id) ?? 'a removed item').join(', ') : 'Everything';
            },
          },
          {
            key: 'redemptions',
            header: 'Redeemed',
            align: 'right',
            cell: (c) => (
              <span className="tabular-nums">
                {c.redemptions}
                {c.maxRedemptions !== null ? ` / ${c.maxRedemptions}` : ''}
              </span>
            ),
          },
          { key: 'ends', header: 'Redeem by', hideOnMobile: true, cell: (c) => (c.redeemBy ? day(c.redeemBy) : '—') },
        ]}
      />
    </div>
  );
}
