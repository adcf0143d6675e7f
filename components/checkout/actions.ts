'use server';

import { randomUUID } from 'node:crypto';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { ActionRefusal, hiddenFieldsOnly, publicAction } from '@/lib/actions/client';
import { getSessionUser } from '@/lib/auth/guards';
import { CheckoutRefusal, createCheckoutSession } from '@/lib/billing/checkout';
import { checkoutStartPath } from '@/lib/catalog/checkout-intent';
import { STORE_CURRENCIES } from '@/lib/catalog/currency';
import { StripeFailure } from '@/lib/stripe/errors';
import { logger } from '@/lib/log';

const STALE = 'This page is out of date. Reload it and try again.';
// The attempt id is made in the browser (CheckoutButton); a post without JavaScript has none and
// gets one here (its double-click is then covered by the one-open-session rule of checkout.ts).
const attempt = {
  currency: z.enum(STORE_CURRENCIES, { error: STALE }),
  attemptId: z.uuid({ error: STALE }).optional().transform((id) => id ?? randomUUID()),
};
const checkoutSchema = z.preprocess(
  (input) => (input instanceof FormData ? Object.fromEntries(input) : input),
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('course'), courseSlug: z.string().regex(/^[a-z0-9-]{1,120}$/, { error: STALE }), ...attempt }),
    z.object({ kind: z.literal('plan'), planSlug: z.literal('all-access', { error: STALE }), interval: z.enum(['month', 'year'], { error: STALE }), ...attempt }),
  ], { error: STALE }),
);

/**
 * Buy / Subscribe. The form names only what to buy; the price, currency amount and owner are
 * looked up on the server. Anonymous buyers sign in first and go on to Checkout for the same choice.
 */
export const startCheckout = publicAction
  .inputSchema(checkoutSchema, hiddenFieldsOnly)
  .stateAction(async ({ parsedInput: request }) => {
    const user = await getSessionUser();
    // Visitors sign in first, then continue straight to Checkout for the same choice.
    if (!user) {
      const { attemptId: _attempt, ...intent } = request;
      redirect(`/sign-in?callbackUrl=${encodeURIComponent(checkoutStartPath(intent))}`);
    }

    let url: string;
    try {
      ({ url } = await createCheckoutSession(await getDb(), user, request));
    } catch (error) {
      if (error instanceof CheckoutRefusal) throw new ActionRefusal(error.message);
      if (error instanceof StripeFailure) {
        logger.warn({ kind: error.kind, operation: error.operation, stripeCode: error.details.stripeCode }, 'checkout could not start: Stripe failed');
        throw new ActionRefusal('We could not reach our payment provider. Nothing was charged — please try again in a moment.');
      }
      throw error;
    }
    redirect(url);
  });
