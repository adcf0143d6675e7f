import { idOf } from '../sync/ids';
import type { SyncTarget } from './targets';

// Targets from the ids an event carries. Ids only: the state itself is re-read from Stripe.

type Expandable = string | { id: string } | null | undefined;

export const checkoutTarget = (sessionId: string): SyncTarget[] => [{ kind: 'checkout', sessionId }];
export const paymentTarget = (intent: Expandable): SyncTarget[] => {
  const paymentIntentId = idOf(intent);
  return paymentIntentId ? [{ kind: 'payment', paymentIntentId }] : [];
};
/** A charge's refunds, with the payment they belong to (nothing without a PaymentIntent). */
export const refundsTarget = (intent: Expandable, charge: Expandable): SyncTarget[] => {
  const paymentIntentId = idOf(intent);
  const chargeId = idOf(charge);
  return paymentIntentId && chargeId ? [{ kind: 'refunds', paymentIntentId, chargeId }] : [];
};
export const disputeTarget = (disputeId: string, intent: Expandable): SyncTarget[] => [{ kind: 'dispute', disputeId, paymentIntentId: idOf(intent) }];
export const subscriptionTarget = (subscriptionId: string): SyncTarget[] => [{ kind: 'subscription', subscriptionId }];
export const invoiceTarget = (invoiceId: string | null | undefined): SyncTarget[] => (invoiceId ? [{ kind: 'invoice', invoiceId }] : []);
export const creditNoteTarget = (creditNoteId: string): SyncTarget[] => [{ kind: 'credit_note', creditNoteId }];
export const customerTarget = (customerId: string): SyncTarget[] => [{ kind: 'customer', customerId }];
export const paymentMethodTarget = (paymentMethodId: string): SyncTarget[] => [{ kind: 'payment_method', paymentMethodId }];
