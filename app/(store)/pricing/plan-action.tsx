'use client';

import Link from 'next/link';
import { CheckoutButton } from '@/components/checkout/checkout-button';
import { buttonClass } from '@/components/ui/button';
import { useVisitor } from '@/components/visitor/use-visitor';
import type { StoreCurrency } from '@/lib/catalog/currency';

type Props = { label: string; interval: 'month' | 'year'; currency: StoreCurrency; hasPrice: boolean };

/**
 * Subscribe, or "manage it" for a learner who already has All-Access: a hole in the shared
 * pricing page, filled from /api/visitor. On an error, Subscribe (the server refuses a second
 * subscription and says so).
 */
export function PlanAction({ label, interval, currency, hasPrice }: Props) {
  const { status, visitor, forThisPage } = useVisitor();
  if (forThisPage && visitor?.signedIn && visitor.allAccess) {
    return (
      <Link href="/account" className={buttonClass('secondary', 'w-full')}>
        You have All-Access — manage it
      </Link>
    );
  }
  const subscribe = hasPrice ? (
    <CheckoutButton label={`Subscribe ${label.toLowerCase()}`} fields={{ kind: 'plan', planSlug: 'all-access', interval, currency }} />
  ) : null;
  if (!forThisPage && status !== 'error') {
    return (
      <div aria-busy="true" data-testid="plan-pending">
        <span className="sr-only">Checking your subscription…</span>
        <div aria-hidden className="h-9 animate-pulse rounded-lg bg-slate-100" />
        <noscript>{subscribe}</noscript>
      </div>
    );
  }
  return subscribe;
}
