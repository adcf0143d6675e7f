import { randomUUID } from 'node:crypto';
import { type NextRequest, NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { getSessionUser } from '@/lib/auth/guards';
import { CheckoutRefusal, createCheckoutSession } from '@/lib/billing/checkout';
import { STORE_CURRENCIES } from '@/lib/catalog/currency';
import { StripeFailure } from '@/lib/stripe/errors';
import { checkoutIntentSchema, checkoutReturnPath } from '@/lib/catalog/checkout-intent';
import { logger } from '@/lib/log';

/**
 * Where "Buy" sends a visitor after signing in: straight on to hosted Checkout for what they
 * chose, without a second click. The query names only what to buy (never an amount); the price
 * and the owner are looked up here, as the Buy form's action does. Visiting it creates nothing
 * but a Checkout page for the signed-in learner, which charges nothing until they pay.
 */
export async function GET(request: NextRequest) {
  const parsed = checkoutIntentSchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) {
    return NextResponse.json(
      { error: { code: 'invalid_checkout_link', message: `This checkout link is not valid. Choose a course or plan and a currency (${STORE_CURRENCIES.join(', ')}).` } },
      { status: 400 },
    );
  }
  const intent = parsed.data;
  const here = request.nextUrl.pathname + request.nextUrl.search;
  const user = await getSessionUser();
  if (!user) return redirectTo(`/sign-in?callbackUrl=${encodeURIComponent(here)}`);

  const returnTo = checkoutReturnPath(intent);
  try {
    const { url } = await createCheckoutSession(await getDb(), user, { ...intent, attemptId: randomUUID() });
    return NextResponse.redirect(url, 303);
  } catch (error) {
    if (error instanceof CheckoutRefusal) return redirectTo(`${returnTo}?checkout=${error.code}`);
    if (error instanceof StripeFailure) {
      logger.warn({ kind: error.kind, operation: error.operation, stripeCode: error.details.stripeCode }, 'checkout could not start: Stripe failed');
      return redirectTo(`${returnTo}?checkout=unavailable`);
    }
    throw error;
  }
}

// A relative Location keeps the browser on the host it used (see /api/currency).
function redirectTo(path: string) {
  return new NextResponse(null, { status: 303, headers: { Location: path } });
}
