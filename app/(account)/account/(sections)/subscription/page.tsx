import type { Metadata } from 'next';
import Link from 'next/link';
import { randomUUID } from 'node:crypto';
import { ActionForm } from '@/components/forms/action-form';
import { SubscriptionSummary } from '@/components/account/subscription-summary';
import { buttonClass } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/guards';
import { describeDunningPolicy, dunningPolicy } from '@/lib/billing/dunning-policy';
import { openBillingPortalAction } from './actions';
import { CancelPanel, ResumePanel, SwitchPanel } from './confirm-panels';
import { formatDate } from './describe';
import { loadSubscriptionView, type SubscriptionView } from './load-subscription';

export const metadata: Metadata = { title: 'Subscription' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const PAGE = '/account/subscription';
// Not buttonClass('ghost'): its slate text colour would win over the red that marks a destructive choice.
const CANCEL_LINK =
  'inline-flex w-full items-center justify-center rounded-lg px-4 py-2 text-sm font-semibold text-red-700 transition-colors hover:bg-red-50 sm:w-auto';

export default async function SubscriptionPage({ searchParams }: Props) {
  const user = await requireUser(PAGE);
  const query = await searchParams;
  const db = await getDb();
  const view = await loadSubscriptionView(db, user.id);

  if (!view) {
    return (
      <div className="space-y-6">
        <Header />
        <EmptyState title="You don't have a subscription">
          <p>All-Access opens every course for one monthly or yearly price.</p>
          <Link href="/pricing" className={buttonClass('primary', 'mt-4')}>See All-Access plans</Link>
        </EmptyState>
      </div>
    );
  }

  const sub = view.subscription;
  const live = sub.status === 'active' || sub.status === 'trialing' || sub.status === 'past_due';
  const canCancel = live && !sub.cancelAtPeriodEnd;
  const canResume = live && sub.cancelAtPeriodEnd;
  const canSwitch = canCancel && Boolean(view.switchTo);
  const confirm = typeof query.confirm === 'string' ? query.confirm : null;

  return (
    <div className="space-y-6">
      <Header />
      <DoneNotice done={typeof query.done === 'string' ? query.done : null} view={view} />
      <SubscriptionSummary view={view} />
      {sub.status === 'past_due' ? (
        <p className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="dunning-policy">
          {describeDunningPolicy(dunningPolicy)}
        </p>
      ) : null}
      {confirm === 'cancel' && canCancel ? <CancelPanel view={view} /> : null}
      {confirm === 'resume' && canResume ? <ResumePanel view={view} /> : null}
      {confirm === 'switch' && canSwitch ? <SwitchPanel db={db} userId={user.id} view={view} /> : null}

      <section aria-labelledby="manage" className="space-y-3">
        <h2 id="manage" className="text-lg font-semibold">Manage</h2>
        <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-start">
          {canResume && confirm !== 'resume' ? (
            <Link href={`${PAGE}?confirm=resume#confirm`} className={buttonClass('primary', 'w-full sm:w-auto')}>Resume subscription</Link>
          ) : null}
          {canSwitch && confirm !== 'switch' && view.switchTo ? (
            <Link href={`${PAGE}?confirm=switch#confirm`} className={buttonClass('secondary', 'w-full sm:w-auto')}>
              Switch to {view.switchTo.interval === 'year' ? 'yearly' : 'monthly'} billing
            </Link>
          ) : null}
          {view.hasBillingAccount ? (
            <ActionForm
              action={openBillingPortalAction}
              hidden={{ attemptId: randomUUID() }}
              submitLabel="Manage billing"
              pendingLabel="Opening billing…"
              variant="secondary"
            submitClassName="w-full sm:w-auto"
          className="space-y-2"
        />
          ) : null}
          {canCancel && confirm !== 'cancel' ? (
            <Link href={`${PAGE}?confirm=cancel#confirm`} className={CANCEL_LINK}>Cancel subscription</Link>
          ) : null}
          {!live ? (
            <Link href="/pricing" className={buttonClass('primary', 'w-full sm:w-auto')}>Subscribe again</Link>
          ) : null}
        </div>
        {view.hasBillingAccount ? (
          <p className="text-xs text-slate-500">“Manage billing” opens our payment provider’s secure page to update your card and see every invoice.</p>
        ) : null}
      </section>
    </div>
  );
}

function Header() {
  return (
    <div>
      <h1 className="text-3xl font-bold tracking-tight">Subscription</h1>
      <p className="mt-1 text-slate-600">Your All-Access plan, billing and renewal.</p>
    </div>
  );
}

/** Confirms what just happened, read from the freshly synced row (not from the URL alone). */
function DoneNotice({ done, view }: { done: string | null; view: SubscriptionView }) {
  const sub = view.subscription;
  let message: string | null = null;
  if (done === 'canceled' && sub.cancelAtPeriodEnd) message = `Your subscription is canceled. You keep access until ${formatDate(sub.currentPeriodEnd)}.`;
  if (done === 'resumed' && !sub.cancelAtPeriodEnd) message = `Your subscription is active again and renews on ${formatDate(sub.currentPeriodEnd)}.`;
  if (done === 'switched') message = `You are now billed ${view.price?.interval === 'year' ? 'yearly' : 'monthly'}.`;
  if (!message) return null;
  return (
    <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="done-notice">
      {message}
    </p>
  );
}
