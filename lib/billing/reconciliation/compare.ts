import type { PaymentStatus } from '@/db/schema/enums';
import type { StripeLedgerSource } from '@/lib/stripe/balance';
import type { SyncTarget } from '../webhooks/targets';

export type ReconciliationIssue = 'missing_locally' | 'missing_in_stripe' | 'mismatch';
export type LedgerObjectType = 'payment' | 'refund' | 'dispute' | 'payout';

/** One difference between Stripe and the local ledger. `expected` is Stripe's, `actual` ours. */
export type Difference = {
  objectType: LedgerObjectType;
  stripeObjectId: string;
  localId: string | null;
  issue: ReconciliationIssue;
  field: string;
  expected: unknown;
  actual: unknown;
  /** What to re-read from Stripe to repair it; null when re-sync cannot (missing in Stripe). */
  target: SyncTarget | null;
};

export type LocalPayment = {
  id: string;
  stripePaymentIntentId: string;
  stripeChargeId: string | null;
  amount: number;
  amountRefunded: number;
  currency: string;
  status: PaymentStatus;
  fee: number | null;
  net: number | null;
};
export type LocalRefund = { id: string; stripeRefundId: string | null; amount: number; currency: string; status: string };
export type LocalDispute = { id: string; stripeDisputeId: string; amount: number; currency: string; status: string };

/** Stripe's settlement side of a charge (its balance transaction), when known. */
export type Settlement = { fee: number; net: number; currency: string } | null;

type ChargeSource = Extract<StripeLedgerSource, { kind: 'charge' }>;
type RefundSource = Extract<StripeLedgerSource, { kind: 'refund' }>;
type DisputeSource = Extract<StripeLedgerSource, { kind: 'dispute' }>;

const DISPUTE_STATES: PaymentStatus[] = ['disputed', 'charged_back'];

/** The payment status the ledger should show for a charge, or null when disputes decide it. */
export function expectedPaymentStatus(charge: ChargeSource): PaymentStatus | null {
  if (charge.disputed) return null;
  if (charge.status === 'pending') return 'processing';
  if (charge.status === 'failed') return 'failed';
  if (charge.amountRefunded >= charge.amount && charge.amount > 0) return 'refunded';
  if (charge.amountRefunded > 0) return 'partially_refunded';
  return 'succeeded';
}

/**
 * A charge against its payments row. Amount, currency and refunded amount are compared in
 * the presentment currency (what the buyer paid); fee and net in the settlement currency of
 * the charge's balance transaction, which is what the ledger stores them in.
 */
export function comparePayment(charge: ChargeSource, settlement: Settlement, local: LocalPayment | null, checkoutSessionId: string | null): Difference[] {
  const stripeObjectId = charge.paymentIntentId ?? charge.chargeId;
  const target: SyncTarget | null = checkoutSessionId
    ? { kind: 'checkout', sessionId: checkoutSessionId }
    : charge.paymentIntentId
      ? { kind: 'payment', paymentIntentId: charge.paymentIntentId }
      : null;
  const base = { objectType: 'payment' as const, stripeObjectId, localId: local?.id ?? null, target };
  if (!local) return [{ ...base, issue: 'missing_locally', field: '', expected: { chargeId: charge.chargeId, amount: charge.amount, currency: charge.currency }, actual: null }];
  const differences: Difference[] = [];
  const mismatch = (field: string, expected: unknown, actual: unknown) => {
    if (expected !== actual) differences.push({ ...base, issue: 'mismatch', field, expected, actual });
  };
  mismatch('amount', charge.amount, local.amount);
  mismatch('currency', charge.currency, local.currency);
  mismatch('amount_refunded', charge.amountRefunded, local.amountRefunded);
  const status = expectedPaymentStatus(charge);
  // A dispute moves the payment through its own states; the dispute's item covers it.
  if (status && !DISPUTE_STATES.includes(local.status)) mismatch('status', status, local.status);
  if (settlement) {
    mismatch('fee', settlement.fee, local.fee);
    mismatch('net', settlement.net, local.net);
  }
  return differences;
}

export function compareRefund(refund: RefundSource, local: LocalRefund | null): Difference[] {
  const target: SyncTarget | null = refund.paymentIntentId && refund.chargeId ? { kind: 'refunds', paymentIntentId: refund.paymentIntentId, chargeId: refund.chargeId } : null;
  const base = { objectType: 'refund' as const, stripeObjectId: refund.refundId, localId: local?.id ?? null, target };
  if (!local) return [{ ...base, issue: 'missing_locally', field: '', expected: { amount: refund.amount, currency: refund.currency, status: refund.status }, actual: null }];
  const differences: Difference[] = [];
  const mismatch = (field: string, expected: unknown, actual: unknown) => {
    if (expected !== actual) differences.push({ ...base, issue: 'mismatch', field, expected, actual });
  };
  mismatch('amount', refund.amount, local.amount);
  mismatch('currency', refund.currency, local.currency);
  mismatch('status', refund.status, local.status);
  return differences;
}

export function compareDispute(dispute: DisputeSource, local: LocalDispute | null): Difference[] {
  const target: SyncTarget = { kind: 'dispute', disputeId: dispute.disputeId, paymentIntentId: dispute.paymentIntentId };
  const base = { objectType: 'dispute' as const, stripeObjectId: dispute.disputeId, localId: local?.id ?? null, target };
  if (!local) return [{ ...base, issue: 'missing_locally', field: '', expected: { amount: dispute.amount, currency: dispute.currency, status: dispute.status }, actual: null }];
  const differences: Difference[] = [];
  const mismatch = (field: string, expected: unknown, actual: unknown) => {
    if (expected !== actual) differences.push({ ...base, issue: 'mismatch', field, expected, actual });
  };
  mismatch('amount', dispute.amount, local.amount);
  mismatch('currency', dispute.currency, local.currency);
  mismatch('status', dispute.status, local.status);
  return differences;
}

/** A ledger row Stripe does not know at all: re-sync cannot explain it. */
export function missingInStripe(objectType: LedgerObjectType, stripeObjectId: string, localId: string, actual: unknown): Difference {
  return { objectType, stripeObjectId, localId, issue: 'missing_in_stripe', field: '', expected: null, actual, target: null };
}

/** The key an item is unique on within a run. */
export function differenceKey(d: Pick<Difference, 'objectType' | 'stripeObjectId' | 'issue' | 'field'>): string {
  return `${d.objectType}:${d.stripeObjectId}:${d.issue}:${d.field}`;
}
