import { invalidRequest } from './errors';
import { API_VERSION } from './events';

/**
 * Which `Stripe-Version` a request may ask for. The sandbox renders every object in the
 * pinned version's shape (the SDK's types are its specification) and has no per-version
 * converters, so it answers only that version, or no header at all (then, like an account's
 * default version, the pinned one). Anything else is a 400 `api_version_invalid` that says
 * what differs and what to do, instead of an answer in a shape the caller does not expect.
 */
const FORMAT = /^(\d{4}-\d{2}-\d{2})(\.[a-z]+)?$/;
const BASIL = '2025-03-31';

const HOW_TO_PIN =
  `Pin your client to ${API_VERSION} — stripe-node: new Stripe(key, { apiVersion: '${API_VERSION}' }); ` +
  `stripe-python: stripe.api_version = '${API_VERSION}'; any other client: the header Stripe-Version: ${API_VERSION} — ` +
  `or send no Stripe-Version header to get the sandbox's version.`;

export function versionRefusal(requested: string): string | null {
  if (requested === API_VERSION) return null;
  const m = FORMAT.exec(requested);
  if (!m) return `Invalid Stripe API version: ${requested}. Versions look like ${API_VERSION}. ${HOW_TO_PIN}`;
  const date = m[1] ?? '';
  const pinnedDate = API_VERSION.slice(0, 10);
  if (date > pinnedDate || (date === pinnedDate && requested !== API_VERSION)) {
    return `This sandbox speaks Stripe API version ${API_VERSION} (the version of the stripe-node types it is built from); ${requested} is not a version it knows. ${HOW_TO_PIN}`;
  }
  const differences =
    date < BASIL
      ? `Before ${BASIL}.basil an invoice carried subscription, payment_intent and charge (now parent.subscription_details and payments) and a subscription carried current_period_start/end (now on its items); `
      : '';
  return (
    `This sandbox answers Stripe API version ${API_VERSION} only, and this request asked for ${requested}. ` +
    `Objects differ between versions: ${differences}in ${API_VERSION} PaymentIntents take allowed_payment_method_types, not payment_method_types. ` +
    `The sandbox has no converters for older versions, so it refuses rather than answer in a shape your code does not expect. ${HOW_TO_PIN}`
  );
}

export function checkApiVersion(requested: string | string[] | undefined): void {
  if (typeof requested !== 'string') return;
  const refusal = versionRefusal(requested.trim());
  if (refusal) throw invalidRequest(refusal, { code: 'api_version_invalid' });
}
