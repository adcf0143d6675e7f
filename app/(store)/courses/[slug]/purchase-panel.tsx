import Link from 'next/link';
import { CheckoutButton } from '@/components/checkout/checkout-button';
import { buttonClass } from '@/components/ui/button';
import { getDb } from '@/db/client';
import { listCompletedLessonIds } from '@/db/queries/learning';
import { getSessionUser } from '@/lib/auth/guards';
import { getCourseAccess } from '@/lib/billing/course-access';

type Props = { courseSlug: string; courseId: string; currency: string; canBuy: boolean };

/** Buy, or — when the learner already has access — the way in, decided by the access rule. */
export async function PurchasePanel({ courseSlug, courseId, currency, canBuy }: Props) {
  const user = await getSessionUser();
  const db = user ? await getDb() : null;
  const access = user && db ? await getCourseAccess(db, user.id, courseId) : null;
  if (user && db && access?.allowed) {
    const started = (await listCompletedLessonIds(db, user.id, courseId)).size > 0;
    return (
      <div className="space-y-2" data-testid="owned">
        <p className="rounded-md bg-emerald-50 p-2 text-sm text-emerald-800">
          {access.via === 'purchase' || access.via === 'grant' ? 'You own this course.' : 'Included in your All-Access subscription.'}
        </p>
        <Link href={`/learn/${courseSlug}`} className={buttonClass('primary', 'w-full')}>
          {started ? 'Continue learning' : 'Start the course'}
        </Link>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      {canBuy ? (
        // The attempt id is made in the browser per page view (CheckoutButton): a double-click
        // reuses it (same Checkout session), coming back after a cancel gets a new one.
        <CheckoutButton label="Buy course" fields={{ kind: 'course', courseSlug, currency }} />
      ) : null}
      {access && !access.allowed && access.reason === 'refunded' ? (
        <p className="text-xs text-slate-600">Your earlier purchase was refunded, so access ended. You can buy it again.</p>
      ) : null}
      <Link href="/pricing" className={buttonClass('secondary', 'w-full')}>
        Or get every course with All-Access
      </Link>
    </div>
  );
}
