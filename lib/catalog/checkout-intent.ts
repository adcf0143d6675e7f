import { z } from 'zod';
import { STORE_CURRENCIES } from './currency';

/** What a visitor chose to buy before signing in: the query of /checkout/start. */
export const checkoutIntentSchema = z.union([
  z.object({ kind: z.literal('course'), courseSlug: z.string().regex(/^[a-z0-9-]{1,120}$/), currency: z.enum(STORE_CURRENCIES) }),
  z.object({ kind: z.literal('plan'), planSlug: z.literal('all-access'), interval: z.enum(['month', 'year']), currency: z.enum(STORE_CURRENCIES) }),
]);
export type CheckoutIntent = z.infer<typeof checkoutIntentSchema>;

export const CHECKOUT_START_PATH = '/checkout/start';

export function checkoutStartPath(intent: CheckoutIntent): string {
  const query = new URLSearchParams(Object.entries(intent));
  return `${CHECKOUT_START_PATH}?${query}`;
}

/** The page the intent was made on: where a refusal or a cancel comes back to. */
export function checkoutReturnPath(intent: CheckoutIntent): string {
  return intent.kind === 'course' ? `/courses/${intent.courseSlug}` : '/pricing';
}

/** The intent inside a sign-in callbackUrl, if it is one. */
export function intentFromCallback(callbackUrl: string | undefined): CheckoutIntent | null {
  if (!callbackUrl?.startsWith(`${CHECKOUT_START_PATH}?`)) return null;
  const query = new URLSearchParams(callbackUrl.slice(CHECKOUT_START_PATH.length + 1));
  const parsed = checkoutIntentSchema.safeParse(Object.fromEntries(query));
  return parsed.success ? parsed.data : null;
}

/** Messages for `?checkout=<code>` when the return trip from /checkout/start was refused. */
export const CHECKOUT_NOTICES: Record<string, string> = {
  canceled: 'Checkout was canceled and you were not charged.',
  already_owned: 'You already have this course — no need to buy it again.',
  already_subscribed: 'You already have All-Access. Manage it from your account.',
  not_for_sale: 'This is not on sale in that currency. Pick another currency.',
  not_found: 'That is no longer for sale.',
  unavailable: 'We could not reach our payment provider. Nothing was charged — please try again in a moment.',
};
