import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[(bytes[i] ?? 0) % ALPHABET.length];
  return out;
}

/**
 * Stripe-shaped ids: `<prefix>_<random>`. Stripe's own ids are 24 characters after the
 * prefix for most objects and much longer for Checkout Sessions (`cs_test_a1…`).
 */
export function newId(prefix: string, length = 24): string {
  return `${prefix}_${randomToken(length)}`;
}

export const ids = {
  product: () => newId('prod', 14),
  price: () => newId('price'),
  customer: () => newId('cus', 14),
  checkoutSession: () => newId('cs_test', 58),
  lineItem: () => newId('li'),
  paymentIntent: () => newId('pi'),
  paymentMethod: () => newId('pm'),
  charge: () => newId('ch'),
  balanceTransaction: () => newId('txn'),
  refund: () => newId('re'),
  event: () => newId('evt'),
  webhookEndpoint: () => newId('we'),
  webhookSecret: () => `whsec_${randomToken(32)}`,
  clientSecret: (id: string) => `${id}_secret_${randomToken(25)}`,
  request: () => newId('req', 14),
  delivery: () => newId('whdel', 20),
};
