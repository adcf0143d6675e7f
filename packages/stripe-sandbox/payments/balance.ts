import { ids } from '../core/ids';
import { save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import { computeFee } from './fees';
import type { BalanceTransactionObject } from './objects';

/** Card funds become available two days after the charge in the sandbox (Stripe: 2 business days in the US). */
const AVAILABLE_AFTER_S = 2 * 24 * 60 * 60;

/** Stripe's `reporting_category` for each balance transaction type the sandbox records. */
const REPORTING_CATEGORY = {
  charge: 'charge',
  payment: 'charge',
  refund: 'refund',
  payment_refund: 'refund',
  refund_failure: 'refund_failure',
  adjustment: 'dispute',
  payout: 'payout',
  payout_failure: 'payout_reversal',
} as const;

export function recordBalanceTransaction(
  sandbox: Sandbox,
  args: {
    type: 'charge' | 'payment' | 'refund' | 'payment_refund' | 'refund_failure' | 'adjustment' | 'payout' | 'payout_failure';
    amount: number;
    currency: string;
    source: string;
    method?: 'card' | 'us_bank_account' | 'sepa_debit';
    description?: string | null;
    /** A fixed fee instead of the processing fee (e.g. the dispute fee). */
    fee?: { amount: number; description: string };
    /** Stripe's reporting category when it is not implied by the type (e.g. `dispute_reversal`). */
    reportingCategory?: string;
    /** When the funds are available (default: two days after creation; payouts at once). */
    availableOn?: number;
  },
): BalanceTransactionObject {
  const created = sandbox.clock.now();
  // Stripe keeps its fee on refunds: only incoming payments pay a fee.
  const charged = args.type === 'charge' || args.type === 'payment';
  const { fee, description } = args.fee
    ? { fee: args.fee.amount, description: args.fee.description }
    : charged
      ? computeFee(args.amount, args.currency, args.method ?? 'card')
      : { fee: 0, description: '' };
  const availableOn = args.availableOn ?? created + AVAILABLE_AFTER_S;
  const txn = {
    id: ids.balanceTransaction(),
    object: 'balance_transaction',
    amount: args.amount,
    available_on: availableOn,
    balance_type: 'payments',
    created,
    currency: args.currency,
    description: args.description ?? null,
    exchange_rate: null,
    fee,
    fee_details: fee > 0 ? [{ amount: fee, application: null, currency: args.currency, description, type: 'stripe_fee' }] : [],
    net: args.amount - fee,
    reporting_category:
      args.reportingCategory ?? REPORTING_CATEGORY[args.type],
    source: args.source,
    status: availableOn <= created ? 'available' : 'pending',
    type: args.type,
  } satisfies BalanceTransactionObject;
  return save(sandbox, txn);
}

/** `status` moves from pending to available once `available_on` has passed. */
export function withCurrentStatus(sandbox: Sandbox, txn: BalanceTransactionObject): BalanceTransactionObject {
  const status = sandbox.clock.now() >= txn.available_on ? 'available' : 'pending';
  return status === txn.status ? txn : { ...txn, status };
}
