'use client';

import Link from 'next/link';
import { CheckoutButton } from '@/components/checkout/checkout-button';
import { buttonClass } from '@/components/ui/button';
import { useVisitor } from '@/components/visitor/use-visitor';
import type { StoreCurrency } from '@/lib/catalog/currency';

type Props = { courseSlug: string; currency: StoreCurrency; canBuy: boolean };

/**
 * Buy, or — when the learner already has access — the way in. A hole in the shared course
 * page: /api/visitor?course=<slug> answers with the access rule's decision for the caller.
 * Until it does, a placeholder of the same height (without JavaScript, the Buy form, which
 * works for everyone: the action refuses what is already owned).
 */
export function PurchasePanel({ courseSlug, currency, canBuy }: Props) {
  const { status, visitor, forThisPage } = useVisitor();
  const course = forThisPage && visitor?.signedIn && visitor.course?.slug === courseSlug ? visitor.course : null;
  // The attempt id is made in the browser per page view (CheckoutButton): the same markup for
  // everyone, a double-click reuses it. Visitors are sent to sign in and on to Checkout.
  const buy = canBuy ? <CheckoutButton label="Buy course" fields={{ kind: 'course', courseSlug, currency }} /> : null;

  if (course && course.access !== 'none') {
    return (
      <div className="space-y-2" data-testid="owned">
        <p className="rounded-md bg-emerald-50 p-2 text-sm text-emerald-800">
          {course.access === 'owned' ? 'You own this course.' : 'Included in your All-Access subscription.'}
        </p>
        <Link href={`/learn/${courseSlug}`} className={buttonClass('primary', 'w-full')}>
          {course.started ? 'Continue learning' : 'Start the course'}
        </Link>
      </div>
    );
  }
  if (!forThisPage && status !== 'error') {
    return (
      <div className="space-y-3" aria-busy="true" data-testid="purchase-pending">
        <span className="sr-only">Checking whether you already have this course…</span>
        <div aria-hidden className="h-9 animate-pulse rounded-lg bg-slate-100" />
        <div aria-hidden className="h-9 rounded-lg bg-slate-50" />
        <noscript>{buy}</noscript>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      {buy}
      {course?.refunded ? <p className="text-xs text-slate-600">Your earlier purchase was refunded, so access ended. You can buy it again.</p> : null}
      <Link href="/pricing" className={buttonClass('secondary', 'w-full')}>
        Or get every course with All-Access
      </Link>
    </div>
  );
}
