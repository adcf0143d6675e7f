'use client';

import Link from 'next/link';
import { useVisitor } from '@/components/visitor/use-visitor';

/**
 * Shown under the site header on every page while the learner's subscription renewal has
 * failed (`past_due` or `unpaid`). A hole in the shared page HTML: /api/visitor says whether
 * (and what) to show, with the access date from the one access rule, so the banner and the
 * lesson pages never disagree. Nothing is rendered until then (most visitors never see it).
 */
export function PastDueBanner() {
  const { visitor } = useVisitor();
  const pastDue = visitor?.signedIn ? visitor.pastDue : null;
  if (!pastDue) return null;
  const link = 'font-semibold underline underline-offset-2 hover:text-red-950';

  return (
    <section aria-label="Payment problem" data-past-due-banner data-testid="past-due-banner" className="border-b border-red-200 bg-red-50 print:hidden">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-3 text-sm text-red-900 sm:flex-row sm:items-center sm:justify-between">
        <p>
          <strong>Your {pastDue.plan} renewal payment failed.</strong>{' '}
          {pastDue.graceEndsAt && pastDue.graceEndsLabel ? (
            <>
              You keep access until <time dateTime={pastDue.graceEndsAt}>{pastDue.graceEndsLabel}</time>; pay before then to keep learning
              without a break.
            </>
          ) : (
            <>Your access is paused until the payment goes through.</>
          )}
        </p>
        <p className="flex shrink-0 flex-wrap gap-x-4 gap-y-1">
          {pastDue.payUrl ? (
            <a href={pastDue.payUrl} className={link}>
              Pay the invoice{pastDue.amountDue ? ` (${pastDue.amountDue})` : ''}
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
