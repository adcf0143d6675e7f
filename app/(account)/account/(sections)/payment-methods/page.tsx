import type { Metadata } from 'next';
import Link from 'next/link';
import { paymentMethodLabel } from '@/components/account/purchase-format';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { getDb } from '@/db/client';
import { listPaymentMethodsForUser } from '@/db/queries/account';
import { requireUser } from '@/lib/auth/guards';
import { cardExpiryState, EXPIRES_SOON_DAYS, formatExpiry } from './card-expiry';

export const metadata: Metadata = { title: 'Payment methods' };

export default async function PaymentMethodsPage() {
  const user = await requireUser('/account/payment-methods');
  const methods = await listPaymentMethodsForUser(await getDb(), user.id);
  const now = new Date();

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-bold tracking-tight">Payment methods</h1>
        <p className="mt-1 text-slate-600">
          Cards saved with Stripe for your subscription. We never see or store your full card number.
        </p>
      </div>
      {methods.length === 0 ? (
        <EmptyState title="No saved payment methods">
          A card is saved when you subscribe to All-Access. One-time course purchases do not keep your card.
        </EmptyState>
      ) : (
        <ul className="space-y-3" aria-label="Saved payment methods">
          {methods.map((method) => {
            const expiry = formatExpiry(method.expMonth, method.expYear);
            const state = cardExpiryState(method.expMonth, method.expYear, now);
            return (
              <li key={method.id} data-testid="payment-method" className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-slate-200 bg-white p-4">
                <div>
                  <p className="font-semibold">{paymentMethodLabel(method) ?? method.type}</p>
                  {expiry ? <p className="text-sm text-slate-600">Expires {expiry}</p> : null}
                  {state === 'expires_soon' ? (
                    <p className="mt-1 text-sm font-medium text-amber-800">Expires soon — update it before your next renewal.</p>
                  ) : null}
                  {state === 'expired' ? (
                    <p className="mt-1 text-sm font-medium text-red-700">Expired — payments with this card will fail.</p>
                  ) : null}
                </div>
                {method.isDefault ? <Badge tone="brand">Default</Badge> : null}
              </li>
            );
          })}
        </ul>
      )}
      <p className="text-sm text-slate-600">
        To add a card, change the default or remove one, use{' '}
        <Link href="/account/subscription" className="font-semibold text-brand-600 hover:underline">Manage billing on the Subscription page</Link>.
        A card is flagged here {EXPIRES_SOON_DAYS} days before it expires.
      </p>
    </div>
  );
}
