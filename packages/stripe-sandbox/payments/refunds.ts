import { changedAttributes } from '../core/events';
import { invalidRequest } from '../core/errors';
import { ids } from '../core/ids';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import { paymentBehaviour } from '../resources/payment-methods';
import { recordBalanceTransaction } from './balance';
import type { ChargeObject, RefundObject } from './objects';

export const REFUND_SETTLE_TASK = 'refund.settle';

/**
 * Creates a refund. Card refunds succeed at once, as Stripe's test cards do; the documented
 * asynchronous cases settle later through the scheduler (`refundSettleMs`): 7726 and bank
 * debits start `pending` and then succeed, 5126 starts `succeeded` and then fails. The charge
 * counts the refund in `amount_refunded`; a failed one is given back.
 */
export function createRefund(
  sandbox: Sandbox,
  charge: ChargeObject,
  a: { amount?: number | null; reason?: RefundObject['reason']; metadata?: Record<string, string> | null },
): RefundObject {
  if (charge.status !== 'succeeded') {
    throw invalidRequest(`Charge ${charge.id} has not succeeded (status ${charge.status}), so it cannot be refunded.`, {
      code: 'charge_not_refundable',
    });
  }
  if (!charge.captured) {
    throw invalidRequest(
      `Charge ${charge.id} is an uncaptured authorization: cancel its PaymentIntent to release it instead of refunding.`,
      { code: 'charge_not_refundable' },
    );
  }
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  }
  const amount = a.amount ?? remaining;
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
      { code: 'amount_too_large', param: 'amount' },
    );
  }
  const id = ids.refund();
  const behaviour = paymentBehaviour(sandbox, String(charge.payment_method ?? ''));
  const startsPending =
    (behaviour?.kind === 'card' && behaviour.refunds === 'pending_then_succeed') || (behaviour !== undefined && behaviour.kind !== 'card');
  const settlesLater = startsPending || (behaviour?.kind === 'card' && behaviour.refunds === 'succeed_then_fail');
  // Stripe: a card refund is a `refund`; a bank debit's (ACH) a `payment_refund`.
  const txn = recordBalanceTransaction(sandbox, {
    type: charge.payment_method_details?.type === 'us_bank_account' || charge.payment_method_details?.type === 'sepa_debit' ? 'payment_refund' : 'refund',
    amount: -amount,
    currency: charge.currency,
    source: id,
    description: 'REFUND FOR CHARGE',
  });
  const refund = {
    id,
    object: 'refund',
    amount,
    balance_transaction: txn.id,
    charge: charge.id,
    created: sandbox.clock.now(),
    currency: charge.currency,
    customer: typeof charge.customer === 'string' ? charge.customer : null,
    customer_account: null,
    destination_details:
      behaviour?.kind === 'us_bank_account'
        ? { type: 'us_bank_transfer', us_bank_transfer: { reference: null, reference_status: 'pending' } }
        : behaviour?.kind === 'sepa_debit'
          ? { type: 'eu_bank_transfer', eu_bank_transfer: { reference: null, reference_status: 'pending' } }
        : { type: 'card', card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' } },
    metadata: a.metadata ?? {},
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: a.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: startsPending ? 'pending' : 'succeeded',
    transfer_reversal: null,
  } satisfies RefundObject;
  save(sandbox, refund);

  const before = clone(charge);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  save(sandbox, charge);
  sandbox.events.emit('charge.refunded', charge, changedAttributes(before, charge));
  sandbox.events.emit('refund.created', refund);
  if (settlesLater) sandbox.scheduler.schedule(REFUND_SETTLE_TASK, sandbox.config.refundSettleMs, { refund: id });
  return refund;
}

export function settleRefund(sandbox: Sandbox, refund: RefundObject, outcome?: 'succeed' | 'fail'): RefundObject {
  const b = paymentBehaviour(sandbox, String(refund.payment_method ?? ''));
  const failsLater = b?.kind === 'card' && b.refunds === 'succeed_then_fail';
  // A pending refund settles; a succeeded one can still fail later (5126, or on request).
  if (refund.status === 'succeeded' ? !(outcome === 'fail' || (outcome === undefined && failsLater)) : refund.status !== 'pending') {
    return refund;
  }
  const charge = sandbox.store.get<ChargeObject>('charge', String(refund.charge));
  const fails = outcome ? outcome === 'fail' : failsLater;
  const before = clone(refund);
  if (!fails) {
    refund.status = 'succeeded';
    save(sandbox, refund);
    sandbox.events.emit('refund.updated', refund, changedAttributes(before, refund));
    sandbox.events.emit('charge.refund.updated', refund, changedAttributes(before, refund));
    return refund;
  }
  const failureTxn = recordBalanceTransaction(sandbox, {
    type: 'refund_failure',
    amount: refund.amount,
    currency: refund.currency,
    source: refund.id,
    description: 'REFUND FAILURE',
  });
  Object.assign(refund, {
    status: 'failed',
    failure_reason: 'expired_or_canceled_card',
    failure_balance_transaction: failureTxn.id,
  });
  save(sandbox, refund);
  if (charge) {
    charge.amount_refunded = Math.max(0, charge.amount_refunded - refund.amount);
    charge.refunded = false;
    save(sandbox, charge);
  }
  sandbox.events.emit('refund.updated', refund, changedAttributes(before, refund));
  sandbox.events.emit('refund.failed', refund, changedAttributes(before, refund));
  sandbox.events.emit('charge.refund.updated', refund, changedAttributes(before, refund));
  return refund;
}
