import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Pill } from '@/components/admin-catalog/pill';
import { MoneyAmount } from '@/components/admin/money';
import { PageHeader } from '@/components/admin/page-header';
import { StatusBadge } from '@/components/admin/status-badge';
import { getDb } from '@/db/client';
import { findCouponWithCodes, listCouponRedemptions, namesForTargets } from '@/db/queries/coupons';
import { requireAdmin } from '@/lib/auth/guards';
import { codeState, couponDuration, couponValue } from '@/lib/coupons/format';
import { DeactivateCodeForm, NewPromotionCodeForm } from '../coupon-forms';

export const metadata: Metadata = { title: 'Coupon' };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
const day = (d: Date) => d.toISOString().slice(0, 10);
const when = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

export default async function CouponPage({ params, searchParams }: Props) {
  const { id } = await params;
  await requireAdmin(`/admin/coupons/${id}`);
  const db = await getDb();
  const coupon = isUuid(id) ? await findCouponWithCodes(db, id) : null;
  if (!coupon) notFound();
  const [names, redemptions, query] = await Promise.all([
    namesForTargets(db, coupon.courseIds, coupon.planIds),
    listCouponRedemptions(db, coupon.codes.map((c) => c.stripePromotionCodeId)),
    searchParams,
  ]);
  const limits = [...coupon.planIds, ...coupon.courseIds].map((t) => names.get(t) ?? 'a removed item');
  const expired = coupon.redeemBy !== null && coupon.redeemBy.getTime() <= new Date().getTime();

  return (
    <div className="max-w-4xl space-y-8">
      <div>
        <Link href="/admin/coupons" className="text-sm font-semibold text-brand-600 hover:underline">← Coupons</Link>
        <PageHeader title={coupon.name} description={`${couponValue(coupon)}, ${couponDuration(coupon)}.`} />
        {query.created ? (
          <p role="status" className="rounded-lg bg-emerald-50 p-3 text-sm text-emerald-900">Created in Stripe. Learners can use its active codes at Checkout now.</p>
        ) : null}
        {typeof query.code === 'string' ? (
          <p role="status" className="rounded-lg bg-emerald-50 p-3 text-sm text-emerald-900">
            Code <code className="font-mono">{query.code}</code> created.
          </p>
        ) : null}
      </div>

      <section aria-labelledby="terms" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="terms" className="text-base font-semibold">Terms</h2>
        <dl className="mt-2 grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-1.5 text-sm" data-testid="coupon-terms">
          <dt className="text-slate-600">Discount</dt>
          <dd>{couponValue(coupon)}</dd>
          <dt className="text-slate-600">Duration</dt>
          <dd>{couponDuration(coupon)}</dd>
          <dt className="text-slate-600">Applies to</dt>
          <dd>{limits.length ? limits.join(', ') : 'Everything sold'}</dd>
          <dt className="text-slate-600">Redeemed</dt>
          <dd>
            {coupon.redemptions}
            {coupon.maxRedemptions !== null ? ` of ${coupon.maxRedemptions} allowed` : ' (no limit)'}
          </dd>
          <dt className="text-slate-600">Redeem by</dt>
          <dd>{coupon.redeemBy ? `${day(coupon.redeemBy)}${expired ? ' (passed)' : ''}` : 'No end date'}</dd>
          <dt className="text-slate-600">Stripe coupon</dt>
          <dd><code className="text-xs">{coupon.stripeCouponId}</code></dd>
        </dl>
      </section>

      <section aria-labelledby="codes" className="space-y-3">
        <h2 id="codes" className="text-base font-semibold">Promotion codes</h2>
        {coupon.codes.length === 0 ? <p className="text-sm text-slate-600">No codes yet: learners cannot use this coupon until it has one.</p> : null}
        {coupon.codes.length ? (
          <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white" data-testid="promotion-codes">
            {coupon.codes.map((code) => {
              const state = codeState(code);
              return (
                <li key={code.id} className="flex flex-wrap items-center justify-between gap-3 p-3 text-sm">
                  <div className="space-y-0.5">
                    <p className="flex flex-wrap items-center gap-2">
                      <code className="font-mono font-semibold">{code.code}</code> <Pill tone={state.tone}>{state.label}</Pill>
                    </p>
                    <p className="text-xs text-slate-600">
                      {code.redemptions} redeemed{code.maxRedemptions !== null ? ` of ${code.maxRedemptions}` : ''}
                      {code.expiresAt ? ` · expires ${day(code.expiresAt)}` : ''}
                      {code.firstTimeOnly ? ' · first purchase only' : ''}
                      {code.deactivatedAt ? ` · deactivated ${when(code.deactivatedAt)}` : ''}
                    </p>
                  </div>
                  {code.active ? <DeactivateCodeForm promotionCodeId={code.id} code={code.code} /> : null}
                </li>
              );
            })}
          </ul>
        ) : null}
        {expired ? (
          <p className="text-sm text-slate-600">This coupon&rsquo;s last redemption day has passed; new codes would not work.</p>
        ) : (
          <div className="rounded-xl border border-slate-200 bg-white p-4">
            <h3 className="mb-2 text-sm font-semibold">Add a code</h3>
            <NewPromotionCodeForm couponId={coupon.id} attemptId={randomUUID()} />
          </div>
        )}
      </section>

      <section aria-labelledby="redemptions" className="space-y-2">
        <h2 id="redemptions" className="text-base font-semibold">Recent redemptions</h2>
        <p className="text-sm text-slate-600">Paid Checkouts with its codes: course purchases and All-Access subscriptions (a subscription counts once, not per renewal).</p>
        {redemptions.length === 0 ? (
          <p className="text-sm text-slate-600">None yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white text-sm" data-testid="coupon-redemptions">
            {redemptions.map((r) => {
              const label = (
                <>
                  <MoneyAmount amount={r.amount} currency={r.currency} /> {r.mode === 'subscription' ? 'first invoice' : 'paid'}, <MoneyAmount amount={r.amountDiscount} currency={r.currency} /> off
                </>
              );
              const href = r.paymentId ? `/admin/payments/${r.paymentId}` : r.subscriptionId ? `/admin/subscriptions/${r.subscriptionId}` : null;
              const status = r.mode === 'subscription' ? r.subscriptionStatus : r.paymentStatus;
              return (
                <li key={r.checkoutSessionId} className="flex flex-wrap items-center justify-between gap-2 p-3">
                  <span className="flex flex-wrap items-center gap-2">
                    <Pill tone="neutral">{r.mode === 'subscription' ? 'Subscription' : 'Course purchase'}</Pill>
                    {href ? (
                      <Link href={href} className="font-medium text-brand-700 hover:underline">
                        {label}
                      </Link>
                    ) : (
                      <span className="font-medium">{label}</span>
                    )}
                  </span>
                  <span className="flex items-center gap-2 text-xs text-slate-600">
                    {r.discountCode ? <code>{r.discountCode}</code> : null} {status ? <StatusBadge status={status} /> : null} {when(r.createdAt)}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
