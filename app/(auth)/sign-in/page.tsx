import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getSessionUser } from '@/lib/auth/guards';
import { formatMoney } from '@/lib/billing/money';
import { getCoursePage, getPlanPrices } from '@/lib/catalog/cached';
import { type CheckoutIntent, intentFromCallback } from '@/lib/catalog/checkout-intent';
import { safeReturnPath } from '@/lib/http/safe-return-path';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const ERRORS: Record<string, string> = {
  Verification: 'That sign-in link has expired or was already used. Ask for a new one below.',
  Default: 'Sign-in failed. Please ask for a new link.',
};

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === 'string' ? params.callbackUrl : undefined;
  if (await getSessionUser()) redirect(safeReturnPath(callbackUrl, '/account'));
  const error = typeof params.error === 'string' ? (ERRORS[params.error] ?? ERRORS.Default) : undefined;
  const buying = await describeIntent(intentFromCallback(callbackUrl));
  return (
    <div className="mx-auto max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-bold">{buying ? 'Sign in to continue to checkout' : 'Sign in'}</h1>
      {buying ? (
        <p className="mt-3 rounded-lg bg-brand-50 p-3 text-sm text-brand-900" data-testid="sign-in-buying">
          You are buying <strong>{buying.name}</strong>
          {buying.price ? <> for <strong>{buying.price}</strong></> : null}. Once you are signed in you go straight to secure
          checkout.
        </p>
      ) : null}
      <p className="mt-3 text-sm text-slate-600">No password needed: we email you a link that signs you in.</p>
      {error ? <p role="alert" className="mt-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">{error}</p> : null}
      <div className="mt-6">
        <SignInForm callbackUrl={callbackUrl} />
      </div>
    </div>
  );
}

/** What the visitor chose before being asked to sign in, in words and with its price. */
async function describeIntent(intent: CheckoutIntent | null): Promise<{ name: string; price: string | null } | null> {
  if (!intent) return null;
  if (intent.kind === 'course') {
    const course = await getCoursePage(intent.courseSlug);
    if (!course) return null;
    const price = course.prices.find((p) => p.type === 'one_time' && p.currency === intent.currency);
    return { name: course.title, price: price ? formatMoney({ amount: price.unitAmount, currency: price.currency }) : null };
  }
  const plan = await getPlanPrices(intent.planSlug);
  if (!plan) return null;
  const price = plan.prices.find((p) => p.interval === intent.interval && p.currency === intent.currency);
  return {
    name: `${plan.name} (${intent.interval === 'month' ? 'monthly' : 'yearly'})`,
    price: price ? `${formatMoney({ amount: price.unitAmount, currency: price.currency })} / ${intent.interval}` : null,
  };
}
