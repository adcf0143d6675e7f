import { randomUUID } from 'node:crypto';
import { Pill } from '@/components/admin-catalog/pill';
import type { PriceRow } from '@/db/queries/catalog';
import { formatMoney } from '@/lib/billing/money';
import { prorationChoices } from '@/lib/prices-admin/migrate-subscribers';
import { formatUtc } from '@/lib/admin-events/format';
import { MigrateSubscribersForm, SetPriceForm } from './price-forms';

/**
 * Active prices with a form to change each, a form to add another currency, and the history
 * (archived prices, with how many subscribers are still on each). Server component: every form
 * gets its own attempt id, which becomes the new price's id and its Stripe idempotency keys.
 */
export function PriceTable({ owner, prices, subscribers, currencies, interval }: { owner: { ownerKind: 'course' | 'plan'; ownerId: string }; prices: PriceRow[]; subscribers: Map<string, number>; currencies: readonly string[]; interval?: 'month' | 'year' }) {
  const cadence = (p: PriceRow) => (interval ? p.interval === interval : true);
  const active = prices.filter((p) => p.active && cadence(p));
  const archived = prices.filter((p) => !p.active && cadence(p));
  const unused = currencies.filter((c) => !active.some((p) => p.currency === c));
  return (
    <div className="space-y-4">
      {active.length === 0 ? <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">No price yet: nobody can buy this until it has one.</p> : null}
      <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white" data-testid={`prices-${interval ?? 'once'}`}>
        {active.map((price) => (
          <li key={price.id} className="space-y-2 p-4" data-testid="price-row" data-currency={price.currency}>
            <p className="flex flex-wrap items-center gap-2">
              <span className="text-lg font-semibold tabular-nums">{formatMoney({ amount: price.unitAmount, currency: price.currency })}</span>
              <Pill tone="success">Current</Pill>
              {price.stripePriceId ? <span className="font-mono text-xs text-slate-500">{price.stripePriceId}</span> : <span className="text-xs text-slate-500">not yet in Stripe</span>}
              {subscribers.get(price.id) ? <span className="text-xs text-slate-600">{subscribers.get(price.id)} subscribers</span> : null}
            </p>
            <SetPriceForm owner={owner} attemptId={randomUUID()} currency={price.currency} {...(interval ? { interval } : {})} label="Change price" />
          </li>
        ))}
        <li className="p-4">
          <p className="mb-2 text-sm font-medium">Add a price in another currency</p>
          <SetPriceForm owner={owner} attemptId={randomUUID()} currencies={unused} {...(interval ? { interval } : {})} label="Add price" />
        </li>
      </ul>
      {archived.length > 0 ? (
        <details className="rounded-xl border border-slate-200 bg-white p-4">
          <summary className="cursor-pointer text-sm font-medium">Earlier prices ({archived.length})</summary>
          <p className="mt-2 text-sm text-slate-600">Archived in Stripe: nobody new can buy at them. Subscribers keep the price they subscribed at until you move them.</p>
          <ul className="mt-2 divide-y divide-slate-100 text-sm">
            {archived.map((price) => {
              const count = subscribers.get(price.id) ?? 0;
              return (
                <li key={price.id} className="space-y-2 py-2">
                  <p className="flex flex-wrap gap-2">
                    <span className="tabular-nums">{formatMoney({ amount: price.unitAmount, currency: price.currency })}</span>
                    <span className="text-slate-500">from {formatUtc(price.createdAt)}</span>
                    {count ? <span className="text-slate-700">{count} subscribers still on it</span> : null}
                  </p>
                  {count && price.planId ? <MigrateSubscribersForm fromPriceId={price.id} count={count} choices={prorationChoices} /> : null}
                </li>
              );
            })}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
