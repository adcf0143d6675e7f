import Link from 'next/link';
import { randomUUID } from 'node:crypto';
import type { ReactNode } from 'react';
import { ActionForm } from '@/components/forms/action-form';
import { buttonClass } from '@/components/ui/button';
import type { Database } from '@/db/client';
import { formatMoney } from '@/lib/billing/money';
import { previewIntervalSwitch, SubscriptionActionError, type SwitchPreview } from '@/lib/billing/subscription-actions';
import { cancelAtPeriodEndAction, resumeAction, switchIntervalAction } from './actions';
import { explainSwitch, formatDate, perInterval } from './describe';
import type { SubscriptionView } from './load-subscription';
import { logger } from '@/lib/log';

// The confirmation step is a second, server-rendered form (reached by a link), so it works
// without JavaScript. Each render generates a fresh attempt id: resubmitting the same form
// (double click, retry after an error) sends the same idempotency key to Stripe.

const PAGE = '/account/subscription';

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section id="confirm" aria-labelledby="confirm-title" className="rounded-xl border-2 border-brand-100 bg-brand-50/60 p-5 sm:p-6" data-testid="confirm-panel">
      <h2 id="confirm-title" className="text-lg font-semibold">{title}</h2>
      <div className="mt-2 space-y-4 text-sm text-slate-700">{children}</div>
    </section>
  );
}

function Choices({ children, backLabel }: { children: ReactNode; backLabel: string }) {
  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
      {children}
      <Link href={PAGE} className={buttonClass('secondary', 'w-full sm:w-auto')}>{backLabel}</Link>
    </div>
  );
}

export function CancelPanel({ view }: { view: SubscriptionView }) {
  const end = formatDate(view.subscription.currentPeriodEnd);
  return (
    <Panel title="Cancel All-Access at the end of this period?">
      <p>You keep every course until <strong>{end}</strong> and will not be charged again. You can resume any time before then.</p>
      <Choices backLabel="Keep my subscription">
        <ActionForm
          action={cancelAtPeriodEndAction}
          hidden={{ subscriptionId: view.subscription.id, attemptId: randomUUID() }}
          submitLabel="Yes, cancel at period end"
          pendingLabel="Canceling…"
        submitClassName="w-full sm:w-auto"
          className="space-y-2"
        />
      </Choices>
    </Panel>
  );
}

export function ResumePanel({ view }: { view: SubscriptionView }) {
  const price = view.price ? `${formatMoney({ amount: view.price.unitAmount, currency: view.price.currency })} per ${perInterval(view.price.interval)}` : null;
  return (
    <Panel title="Resume your subscription?">
      <p>
        Your subscription will renew on <strong>{formatDate(view.subscription.currentPeriodEnd)}</strong>
        {price ? <> at {price}</> : null}, and you keep access without a break.
      </p>
      <Choices backLabel="Not now">
        <ActionForm
          action={resumeAction}
          hidden={{ subscriptionId: view.subscription.id, attemptId: randomUUID() }}
          submitLabel="Yes, resume subscription"
          pendingLabel="Resuming…"
        submitClassName="w-full sm:w-auto"
          className="space-y-2"
        />
      </Choices>
    </Panel>
  );
}

/** Asks Stripe what the switch would bill before offering to confirm it. */
export async function SwitchPanel({ db, userId, view }: { db: Database; userId: string; view: SubscriptionView }) {
  const target = view.switchTo;
  if (!target) return null;
  const cadence = target.interval === 'year' ? 'yearly' : 'monthly';
  let preview: SwitchPreview;
  try {
    preview = await previewIntervalSwitch(db, { id: userId }, { subscriptionId: view.subscription.id, interval: target.interval });
  } catch (error) {
    const message = error instanceof SubscriptionActionError ? error.message : "We couldn't reach our payment provider; nothing changed — please try again.";
    if (!(error instanceof SubscriptionActionError)) logger.warn({ subscriptionId: view.subscription.id, err: error }, 'subscription switch preview failed');
    return (
      <Panel title={`Switch to ${cadence} billing`}>
        <p role="alert" className="rounded-md bg-amber-50 p-2 text-amber-900">{message}</p>
        <Choices backLabel="Back">
          <Link href={`${PAGE}?confirm=switch#confirm`} className={buttonClass('primary', 'w-full sm:w-auto')}>Try again</Link>
        </Choices>
      </Panel>
    );
  }
  return (
    <Panel title={`Switch to ${cadence} billing?`}>
      <div className="space-y-2" data-testid="proration-explanation">
        {explainSwitch(preview).map((sentence) => <p key={sentence}>{sentence}</p>)}
      </div>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">What this switch bills</caption>
        <tbody>
          {preview.lines.map((line, i) => (
            <tr key={i} className="border-b border-slate-200/70">
              <td className="py-1.5 pr-3">{line.description}</td>
              <td className="py-1.5 text-right tabular-nums">{formatMoney({ amount: line.amount, currency: preview.currency })}</td>
            </tr>
          ))}
          <tr>
            <th scope="row" className="py-1.5 pr-3 font-semibold">Charged today</th>
            <td className="py-1.5 text-right font-semibold tabular-nums" data-testid="amount-due-now">{formatMoney({ amount: preview.amountDueNow, currency: preview.currency })}</td>
          </tr>
        </tbody>
      </table>
      <Choices backLabel={`Keep ${target.interval === 'year' ? 'monthly' : 'yearly'} billing`}>
        <ActionForm
          action={switchIntervalAction}
          hidden={{ subscriptionId: view.subscription.id, interval: target.interval, prorationDate: String(preview.prorationDate), attemptId: randomUUID() }}
          submitLabel={`Confirm switch to ${cadence}`}
          pendingLabel="Switching…"
        submitClassName="w-full sm:w-auto"
          className="space-y-2"
        />
      </Choices>
    </Panel>
  );
}
