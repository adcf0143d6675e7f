'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { getSessionUser } from '@/lib/auth/guards';
import { CheckoutRefusal, createCheckoutSession } from '@/lib/billing/checkout';
import { STORE_CURRENCIES } from '@/lib/catalog/currency';
import { StripeFailure } from '@/lib/stripe/errors';

const attempt = { currency: z.enum(STORE_CURRENCIES), attemptId: z.uuid() };
const checkoutSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('course'), courseSlug: z.string().regex(/^[a-z0-9-]{1,120}$/), ...attempt }),
  z.object({ kind: z.literal('plan'), planSlug: z.literal('all-access'), interval: z.enum(['month', 'year']), ...attempt }),
]);

export type CheckoutActionState = { error?: string };

/**
 * Buy / Subscribe. The form names only what to buy; the price, currency amount and owner are
 * looked up on the server. Anonymous buyers sign in first and come back to the same page.
 */
export async function startCheckout(_prev: CheckoutActionState, formData: FormData): Promise<CheckoutActionState> {
  const parsed = checkoutSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { error: 'This page is out of date. Reload it and try again.' };
  const request = parsed.data;
  const returnTo = request.kind === 'course' ? `/courses/${request.courseSlug}` : '/pricing';
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);

  let url: string;
  try {
    ({ url } = await createCheckoutSession(await getDb(), user, request));
  } catch (error) {
    if (error instanceof CheckoutRefusal) return { error: error.message };
    console.error('checkout could not start', error);
    if (error instanceof StripeFailure) {
      return { error: 'We could not reach our payment provider. Nothing was charged — please try again in a moment.' };
    }
    return { error: 'Something went wrong starting checkout. Nothing was charged — please try again.' };
  }
  redirect(url);
}
