import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import type { AccessDecision } from '@/lib/billing/access';

const REASONS: Record<Extract<AccessDecision, { allowed: false }>['reason'], string> = {
  not_purchased: 'You have not bought this course yet.',
  refunded: 'Your purchase of this course was refunded, so access ended.',
  dispute_lost: 'The payment for this course was reversed by your bank, so access ended.',
  revoked: 'Your access to this course was removed.',
  subscription_ended: 'Your All-Access subscription has ended.',
  payment_failed: 'Your All-Access renewal payment failed and the grace period is over.',
  grant_expired: 'The complimentary access you were given to this course has ended.',
};

/** Why a learner cannot open a course, and the ways back in. */
export function AccessClosed({ title, slug, reason }: { title: string; slug: string; reason: keyof typeof REASONS }) {
  return (
    <div className="mx-auto max-w-lg rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="mt-2 text-slate-600" data-testid="closed-reason">{REASONS[reason]}</p>
      <div className="mt-6 flex flex-col gap-2 sm:flex-row sm:justify-center">
        {reason === 'payment_failed' ? (
          <Link href="/account/subscription" className={buttonClass('primary')}>Update payment</Link>
        ) : (
          <Link href={`/courses/${slug}`} className={buttonClass('primary')}>Buy this course</Link>
        )}
        <Link href="/pricing" className={buttonClass('secondary')}>Get All-Access</Link>
      </div>
    </div>
  );
}
