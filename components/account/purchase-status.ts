import type { PaymentStatus } from '@/db/schema/enums';

export type StatusTone = 'neutral' | 'brand' | 'success' | 'warning';

// Plain words for our payment status machine (DESIGN.md), as a learner would say them.
const WORDS: Record<PaymentStatus, { label: string; tone: StatusTone }> = {
  pending: { label: 'Incomplete', tone: 'neutral' },
  requires_action: { label: 'Awaiting confirmation', tone: 'warning' },
  processing: { label: 'Processing', tone: 'brand' },
  succeeded: { label: 'Paid', tone: 'success' },
  failed: { label: 'Failed', tone: 'warning' },
  canceled: { label: 'Canceled', tone: 'neutral' },
  partially_refunded: { label: 'Partially refunded', tone: 'success' },
  refunded: { label: 'Refunded', tone: 'neutral' },
  disputed: { label: 'Disputed', tone: 'warning' },
  charged_back: { label: 'Reversed by your bank', tone: 'warning' },
};

export function describePaymentStatus(status: PaymentStatus): { label: string; tone: StatusTone } {
  return WORDS[status];
}

/** Whether money actually left the learner's account for this payment (a receipt, not a record of an attempt). */
export function wasCharged(status: PaymentStatus): boolean {
  return ['succeeded', 'partially_refunded', 'refunded', 'disputed', 'charged_back'].includes(status);
}
