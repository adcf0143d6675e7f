import type { Metadata } from 'next';
import { CurrencySwitcher } from '@/components/catalog/currency-switcher';
import { formatMoney } from '@/lib/billing/money';
import { getPlanPrices } from '@/lib/catalog/cached';
import { CHECKOUT_NOTICES } from '@/lib/catalog/checkout-intent';
import { resolveStoreCurrency } from '@/lib/catalog/currency';
import { PlanAction } from './plan-action';

export const metadata: Metadata = { title: 'All-Access pricing' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const PERKS = ['Every course in the catalog, including new releases', 'Progress saved across devices', 'Cancel any time from your account'];

export default async function PricingPage({ searchParams }: Props) {
  const query = await searchParams;
  const currency = await resolveStoreCurrency(query.currency);
  // The same HTML for every visitor: whether they already subscribe is a hole (PlanAction).
  const plan = await getPlanPrices('all-access');
  const prices = plan?.prices ?? [];
  const monthly = prices.find((p) => p.interval === 'month' && p.currency === currency);
  const yearly = prices.find((p) => p.interval === 'year' && p.currency === currency);
  // Integer arithmetic: percentage saved by paying yearly instead of twelve months.
  const savingPercent = monthly && yearly ? Math.round(100 - (yearly.unitAmount * 100) / (monthly.unitAmount * 12)) : 0;

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold tracking-tight">{plan?.name ?? 'All-Access'}</h1>
          <p className="mt-1 max-w-2xl text-slate-600">{plan?.description ?? 'Every course, one subscription.'}</p>
        </div>
        <CurrencySwitcher current={currency} returnTo="/pricing" />
      </div>
      {typeof query.checkout === 'string' && CHECKOUT_NOTICES[query.checkout] ? (
        <p role="status" className="rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-700">
          {CHECKOUT_NOTICES[query.checkout]}
        </p>
      ) : null}
      <div className="grid gap-6 md:grid-cols-2">
        {[
          { label: 'Monthly', price: monthly, per: 'month' as const, note: 'Billed every month.' },
          { label: 'Yearly', price: yearly, per: 'year' as const, note: savingPercent > 0 ? `Billed once a year — save ${savingPercent}%.` : 'Billed once a year.' },
        ].map(({ label, price, per, note }) => (
          <section key={label} aria-labelledby={`plan-${per}`} className="flex flex-col rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id={`plan-${per}`} className="text-lg font-semibold">{label}</h2>
            <p className="mt-3 text-4xl font-bold" data-testid={`plan-price-${per}`}>
              {price ? formatMoney({ amount: price.unitAmount, currency: price.currency }) : '—'}
              <span className="text-base font-medium text-slate-500"> / {per}</span>
            </p>
            <p className="mt-1 text-sm text-slate-600">{note}</p>
            <ul className="mt-4 flex-1 space-y-2 text-sm text-slate-700">
              {PERKS.map((perk) => (
                <li key={perk} className="flex gap-2"><span aria-hidden className="text-emerald-600">✓</span>{perk}</li>
              ))}
            </ul>
            <div className="mt-6">
              <PlanAction label={label} interval={per} currency={currency} hasPrice={Boolean(price)} />
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
