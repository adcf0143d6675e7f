import { Badge } from '@/components/ui/badge';
import { formatMoney } from '@/lib/billing/money';
import type { SubscriptionView } from '@/app/(account)/account/(sections)/subscription/load-subscription';
import { describePaymentMethod, describeStatus, formatDate, nextPaymentAfterCredit, perInterval } from '@/app/(account)/account/(sections)/subscription/describe';

/** Plan, status in words, the next payment (or when access ends) and the card on file. */
export function SubscriptionSummary({ view }: { view: SubscriptionView }) {
  const sub = view.subscription;
  const status = describeStatus(sub);
  const live = sub.status === 'active' || sub.status === 'trialing' || sub.status === 'past_due';
  const price = view.price ? `${formatMoney({ amount: view.price.unitAmount, currency: view.price.currency })} / ${perInterval(view.price.interval)}` : null;
  const endsAtPeriodEnd = live && sub.cancelAtPeriodEnd;
  const money = (amount: number, currency: string) => formatMoney({ amount, currency });
  const next = view.price ? nextPaymentAfterCredit(view.price, view.credit) : null;

  return (
    <section aria-labelledby="plan-name" className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id="plan-name" className="text-xl font-semibold">{view.planName}</h2>
          {price ? <p className="mt-0.5 text-sm text-slate-600" data-testid="plan-price">{price}</p> : null}
        </div>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      <p className="mt-3 text-sm text-slate-700" data-testid="subscription-status">{status.detail}</p>
      <dl className="mt-5 grid gap-x-6 gap-y-4 border-t border-slate-100 pt-5 text-sm sm:grid-cols-2">
        {endsAtPeriodEnd ? (
          <Item term="Access ends" testId="access-ends">{formatDate(sub.currentPeriodEnd)}</Item>
        ) : live && sub.status !== 'past_due' ? (
          <Item term="Next payment" testId="next-payment">
            {view.price && next ? `${money(next.charged, view.price.currency)} on ` : ''}
            {formatDate(sub.status === 'trialing' ? (sub.trialEnd ?? sub.currentPeriodEnd) : sub.currentPeriodEnd)}
            {view.price && next && next.creditUsed > 0 ? (
              <span className="block text-xs font-normal text-slate-600">
                {next.charged === 0
                  ? `Covered by your credit (${money(view.price.unitAmount, view.price.currency)} plan price): nothing is charged to your card.`
                  : `${money(view.price.unitAmount, view.price.currency)} minus ${money(next.creditUsed, view.price.currency)} credit.`}
              </span>
            ) : null}
          </Item>
        ) : null}
        {view.credit ? (
          <Item term="Account credit" testId="account-credit">
            {money(view.credit.amount, view.credit.currency)}
            <span className="block text-xs font-normal text-slate-600">Pays toward your next invoices before your card is charged.</span>
          </Item>
        ) : null}
        {live ? (
          <Item term="Billing" testId="billing-interval">{view.price?.interval === 'year' ? 'Yearly' : 'Monthly'}</Item>
        ) : null}
        <Item term="Payment method" testId="payment-method">
          {view.paymentMethod ? describePaymentMethod(view.paymentMethod) : 'None on file here — see “Manage billing”'}
        </Item>
        <Item term="Started">{formatDate(sub.createdAt)}</Item>
      </dl>
    </section>
  );
}

function Item({ term, testId, children }: { term: string; testId?: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-slate-500">{term}</dt>
      <dd className="mt-0.5 font-medium text-ink" data-testid={testId}>{children}</dd>
    </div>
  );
}
