import type { PaymentStatus } from '@/db/schema/enums';

/**
 * The payment status machine (DESIGN.md "Payment status machine"). Pure: sync code turns
 * what Stripe says into a signal, and this decides whether the payments row may move.
 *
 * A move is allowed only when the table lists it for the signal's kind. The kind matters:
 * `disputed → succeeded` is a won dispute, never a late `payment_intent.succeeded`;
 * `refunded → partially_refunded` is a failed refund giving money back, never an intent.
 */
export type PaymentSignal =
  /** The PaymentIntent's own status (Stripe's enum, mapped by `intentTarget`). */
  | { kind: 'intent'; status: string; hasError: boolean }
  /** The charge's refunded total, as Stripe reports it now. */
  | { kind: 'refunds'; amount: number; amountRefunded: number }
  | { kind: 'dispute_opened' }
  | { kind: 'dispute_closed'; outcome: 'won' | 'lost'; amountRefunded: number };

type SignalKind = PaymentSignal['kind'] | 'dispute_won' | 'dispute_lost';

const I = 'intent';
const R = 'refunds';
const D = 'dispute_opened';

/** from → to → the signal kinds that may cause it. Anything not listed is stale. */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, Partial<Record<PaymentStatus, readonly SignalKind[]>>>> = {
  pending: { requires_action: [I], processing: [I], succeeded: [I], failed: [I], canceled: [I] },
  requires_action: { pending: [I], processing: [I], succeeded: [I], failed: [I], canceled: [I] },
  processing: { succeeded: [I], failed: [I], canceled: [I] },
  // A declined card leaves the PaymentIntent open: Checkout retries it with another card.
  failed: { pending: [I], requires_action: [I], processing: [I], succeeded: [I], canceled: [I] },
  succeeded: { partially_refunded: [R], refunded: [R], disputed: [D] },
  // A refund that fails after the fact gives the amount back to the charge.
  partially_refunded: { refunded: [R], succeeded: [R], disputed: [D] },
  refunded: { partially_refunded: [R], succeeded: [R] },
  disputed: { succeeded: ['dispute_won'], partially_refunded: ['dispute_won'], charged_back: ['dispute_lost'] },
  canceled: {},
  charged_back: {},
};

/** States nothing can move out of. */
export const TERMINAL_PAYMENT_STATUSES: readonly PaymentStatus[] = (
  Object.keys(PAYMENT_TRANSITIONS) as PaymentStatus[]
).filter((s) => Object.keys(PAYMENT_TRANSITIONS[s]).length === 0);

function intentTarget(status: string, hasError: boolean): PaymentStatus | null {
  switch (status) {
    case 'succeeded':
      return 'succeeded';
    case 'processing':
    case 'requires_capture':
      return 'processing';
    case 'requires_action':
      return 'requires_action';
    case 'canceled':
      return 'canceled';
    case 'requires_payment_method':
      // Stripe puts a declined intent back here, with the decline as last_payment_error.
      return hasError ? 'failed' : 'pending';
    case 'requires_confirmation':
      return 'pending';
    default:
      return null;
  }
}

function targetOf(signal: PaymentSignal): { to: PaymentStatus | null; kind: SignalKind } {
  switch (signal.kind) {
    case 'intent':
      return { to: intentTarget(signal.status, signal.hasError), kind: 'intent' };
    case 'refunds': {
      const to = signal.amountRefunded <= 0 ? 'succeeded' : signal.amountRefunded >= signal.amount ? 'refunded' : 'partially_refunded';
      return { to, kind: 'refunds' };
    }
    case 'dispute_opened':
      return { to: 'disputed', kind: 'dispute_opened' };
    case 'dispute_closed':
      if (signal.outcome === 'lost') return { to: 'charged_back', kind: 'dispute_lost' };
      return { to: signal.amountRefunded > 0 ? 'partially_refunded' : 'succeeded', kind: 'dispute_won' };
  }
}

export type PaymentTransition = { status: PaymentStatus; changed: boolean; stale: boolean };

/**
 * Where `current` goes on `signal`. A new payment (`current` null) takes the signal's target.
 * Same status: unchanged, not stale. A move the table does not list: unchanged and stale.
 */
export function transitionPayment(current: PaymentStatus | null, signal: PaymentSignal): PaymentTransition {
  const { to, kind } = targetOf(signal);
  if (current === null) return { status: to ?? 'pending', changed: true, stale: false };
  if (to === null || to === current) return { status: current, changed: false, stale: false };
  const allowed = PAYMENT_TRANSITIONS[current][to]?.includes(kind) ?? false;
  return allowed ? { status: to, changed: true, stale: false } : { status: current, changed: false, stale: true };
}
