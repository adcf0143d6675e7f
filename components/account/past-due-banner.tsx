import Link from 'next/link';
import { getDb } from '@/db/client';
import { findPastDueSubscriptionForUser } from '@/db/queries/account';
import { getSessionUser } from '@/lib/auth/guards';
import { decideCourseAccess } from '@/lib/billing/access';
import { formatMoney } from '@/lib/billing/money';
import { formatAccountDate } from './purchase-format';

/**
 * Shown under the site header on every page while the learner's subscription renewal has
 * failed (`past_due` or `unpaid`). Anonymous visitors cost nothing; a signed-in learner costs
 * one indexed query. The access date comes from the one access rule, so the banner and the
 * lesson pages never disagree.
 */
export async function PastDueBanner() {
  const user = await getSessionUser();
  if (!user) return null;
  const subscription = await findPastDueSubscriptionForUser(await getDb(), user.id);
  if (!subscription) return null;

  const access = decideCourseAccess({ enrollments: [], subscriptions: [subscription], now: new Date() });
  const graceEnds = access.allowed && access.via === 'grace_period' ? access.until : null;
  const plan = subscription.planName ?? 'subscription';
  const amountDue =
    subscription.amountDue && subscription.currency ? formatMoney({ amount: subscription.amountDue, currency: subscription.currency }) : null;
  const link = 'font-semibold underline underline-offset-2 hover:text-red-950';

  return (
    <section aria-label="Payment problem" data-past-due-banner data-testid="past-due-banner" className="border-b border-red-200 bg-red-50 print:hidden">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-3 text-sm text-red-900 sm:flex-row sm:items-center sm:justify-between">
        <p>
          <strong>Your {plan} renewal payment failed.</strong>{' '}
          {graceEnds ? (
            <>
              You keep access until <time dateTime={graceEnds.toISOString()}>{formatAccountDate(graceEnds)}</time>; pay before then to keep
              learning without a break.
            </>
          ) : (
            <>Your access is paused until the payment goes through.</>
          )}
        </p>
        <p className="flex shrink-0 flex-wrap gap-x-4 gap-y-1">
          {subscription.hostedInvoiceUrl ? (
            <a href={subscription.hostedInvoiceUrl} className={link}>
              Pay the invoice{amountDue ? ` (${amountDue})` : ''}
            </a>
          ) : null}
          <Link href="/account/subscription" className={link}>
            Update your card
          </Link>
        </p>
      </div>
    </section>
  );
}
