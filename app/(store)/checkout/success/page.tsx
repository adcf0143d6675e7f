import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { buttonClass } from '@/components/ui/button';
import { getDb } from '@/db/client';
import { findCheckoutSessionOfUser } from '@/db/queries/checkout-sessions';
import { requireUser } from '@/lib/auth/guards';
import { fulfillCheckout } from '@/lib/billing/fulfillment';
import { logger } from '@/lib/log';

export const metadata: Metadata = { title: 'Thank you' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Where Checkout sends the buyer. The URL proves nothing: the session must be one this
 * learner started, and fulfillment asks Stripe whether it is paid (the same function the
 * webhook runs, so whichever arrives first does the work and the other changes nothing).
 */
export default async function CheckoutSuccessPage({ searchParams }: Props) {
  const raw = (await searchParams).session_id;
  const sessionId = typeof raw === 'string' && /^cs_[A-Za-z0-9_]{8,255}$/.test(raw) ? raw : null;
  const user = await requireUser(`/checkout/success${sessionId ? `?session_id=${sessionId}` : ''}`);
  if (!sessionId) notFound();
  const db = await getDb();
  const local = await findCheckoutSessionOfUser(db, { stripeCheckoutSessionId: sessionId, userId: user.id });
  // Another learner's session, or one we never created: indistinguishable from nothing.
  if (!local) notFound();

  let result: Awaited<ReturnType<typeof fulfillCheckout>> | null = null;
  try {
    result = await fulfillCheckout(db, sessionId);
  } catch (error) {
    logger.error({ err: error, checkoutSession: sessionId }, 'success page could not confirm checkout');
  }
  const item = local.courseTitle ?? 'All-Access';
  const learnHref = local.courseSlug ? `/learn/${local.courseSlug}` : '/';

  return (
    <div className="mx-auto max-w-lg rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
      {result?.status === 'fulfilled' ? (
        <>
          <h1 className="text-2xl font-bold">You&apos;re enrolled — start learning</h1>
          <p className="mt-2 text-slate-600">
            {local.mode === 'subscription' ? 'All-Access is active: every course is open to you.' : `${item} is yours.`} A receipt is on its way to {user.email}.
          </p>
          <Link href={learnHref} className={buttonClass('primary', 'mt-6')}>Start learning</Link>
        </>
      ) : result?.status === 'revoked' ? (
        <>
          <h1 className="text-2xl font-bold">This purchase was refunded</h1>
          <p className="mt-2 text-slate-600">
            The payment for {item} was refunded or reversed, so it no longer gives access. You can buy it again at any time.
          </p>
          <Link href="/account/purchases" className={buttonClass('secondary', 'mt-6')}>See my purchases</Link>
        </>
      ) : result?.status === 'processing' ? (
        <>
          <h1 className="text-2xl font-bold">Payment processing — we&apos;ll email you</h1>
          <p className="mt-2 text-slate-600">
            Bank payments take a few days to clear. We&apos;ll email {user.email} as soon as {item} is unlocked.
          </p>
          <Link href="/account" className={buttonClass('secondary', 'mt-6')}>Go to my account</Link>
        </>
      ) : (
        <>
          <h1 className="text-2xl font-bold">We&apos;re confirming your payment</h1>
          <p className="mt-2 text-slate-600">
            {result ? 'Stripe has not confirmed this payment yet.' : 'We could not reach our payment provider just now.'} Refresh in a moment — you
            will not be charged twice.
          </p>
          <Link href={`/checkout/success?session_id=${sessionId}`} className={buttonClass('secondary', 'mt-6')}>Check again</Link>
        </>
      )}
    </div>
  );
}
