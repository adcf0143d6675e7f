import { changedAttributes } from '../core/events';
import { StripeApiError, cardError } from '../core/errors';
import { ids } from '../core/ids';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import { paymentBehaviour, type PaymentMethodObject } from '../resources/payment-methods';
import { recordBalanceTransaction } from './balance';
import { announceImmediateFunds } from './balance-events';
import type { ChargeObject, PaymentIntentObject } from './objects';
import type { Decline, DisputeKind, PaymentBehaviour } from './test-cards';

/**
 * Charges: what a confirmed PaymentIntent creates, with the card network's verdict
 * (outcome), the balance transaction when money moves, and the PaymentIntent moved on.
 */
/** Charges from cards that open a dispute (0259), for the disputes module to act on. */
export const DISPUTE_INTENTS = 'dispute_intents';
export interface DisputeIntent {
  charge: string;
  reason: DisputeKind | 'debit_not_authorized';
  recordedAt: number;
}

export function buildCharge(sandbox: Sandbox, pi: PaymentIntentObject, pm: PaymentMethodObject, b: PaymentBehaviour): ChargeObject {
  const id = ids.charge();
  const details: ChargeObject['payment_method_details'] =
    pm.type === 'card' && pm.card
      ? {
          type: 'card',
          card: {
            amount_authorized: null,
            authorization_code: null,
            brand: pm.card.brand,
            checks: pm.card.checks,
            country: pm.card.country,
            electronic_commerce_indicator: null,
            exp_month: pm.card.exp_month,
            exp_year: pm.card.exp_year,
            fingerprint: pm.card.fingerprint ?? null,
            funding: pm.card.funding,
            installments: null,
            last4: pm.card.last4,
            mandate: null,
            network: pm.card.brand,
            network_transaction_id: null,
            regulated_status: 'unregulated',
            three_d_secure: null,
            transaction_link_id: null,
            wallet: null,
          },
        }
      : pm.type === 'sepa_debit' && pm.sepa_debit
        ? {
            type: 'sepa_debit',
            sepa_debit: {
              bank_code: pm.sepa_debit.bank_code,
              branch_code: pm.sepa_debit.branch_code,
              country: pm.sepa_debit.country,
              fingerprint: pm.sepa_debit.fingerprint,
              last4: pm.sepa_debit.last4,
              mandate: null,
            },
          }
        : {
          type: 'us_bank_account',
          us_bank_account: {
            account_holder_type: pm.us_bank_account?.account_holder_type ?? 'individual',
            account_type: 'checking',
            bank_name: 'STRIPE TEST BANK',
            fingerprint: pm.us_bank_account?.fingerprint ?? null,
            last4: b.last4,
            payment_reference: null,
            routing_number: pm.us_bank_account?.routing_number ?? null,
          },
        };
  return {
    id,
    object: 'charge',
    amount: pi.amount,
    amount_captured: 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: { ...pm.billing_details },
    calculated_statement_descriptor: pi.statement_descriptor ?? 'BURSAR SANDBOX',
    captured: false,
    created: sandbox.clock.now(),
    currency: pi.currency,
    customer: typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null),
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: null,
    paid: false,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: details,
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: `${sandbox.config.publicUrl}/receipts/${id}`,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: pi.statement_descriptor,
    statement_descriptor_suffix: null,
    status: 'pending',
    transfer_data: null,
    transfer_group: null,
  } satisfies ChargeObject;
}

export function approvedOutcome(risk: 'normal' | 'elevated' = 'normal'): NonNullable<ChargeObject['outcome']> {
  return {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: 'approved_by_network',
    reason: risk === 'elevated' ? 'elevated_risk_level' : null,
    risk_level: risk,
    risk_score: risk === 'elevated' ? 70 : 20,
    seller_message: 'Payment complete.',
    type: 'authorized',
  };
}

function declinedOutcome(d: Decline): NonNullable<ChargeObject['outcome']> {
  if (d.blocked) {
    return {
      advice_code: 'do_not_try_again',
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'not_sent_to_network',
      reason: 'highest_risk_level',
      risk_level: 'highest',
      risk_score: 95,
      rule: 'block_if_high_risk',
      seller_message: 'Stripe blocked this payment as too risky.',
      type: 'blocked',
    };
  }
  return {
    advice_code: d.declineCode === 'insufficient_funds' ? 'try_again_later' : 'do_not_try_again',
    network_advice_code: null,
    network_decline_code: null,
    network_status: 'declined_by_network',
    reason: d.declineCode,
    risk_level: 'normal',
    risk_score: 20,
    seller_message: 'The bank did not return any further details with this decline.',
    type: 'issuer_declined',
  };
}

export function succeedCharge(sandbox: Sandbox, pi: PaymentIntentObject, charge: ChargeObject, method: 'card' | 'us_bank_account' | 'sepa_debit') {
  const b = paymentBehaviour(sandbox, charge.payment_method ?? '');
  const card = b?.kind === 'card' ? b : undefined;
  const txn = recordBalanceTransaction(sandbox, {
    ...(card?.bypassPending ? { availableOn: sandbox.clock.now() } : {}),
    type: method === 'card' ? 'charge' : 'payment',
    amount: charge.amount,
    currency: charge.currency,
    source: charge.id,
    method,
    description: charge.description,
  });
  Object.assign(charge, {
    status: 'succeeded',
    paid: true,
    captured: true,
    amount_captured: charge.amount,
    balance_transaction: txn.id,
    outcome: approvedOutcome(card?.risk === 'elevated' ? 'elevated' : 'normal'),
  });
  save(sandbox, charge);
  sandbox.events.emit('charge.succeeded', charge);
  const before = clone(pi);
  Object.assign(pi, {
    status: 'succeeded',
    amount_received: pi.amount,
    latest_charge: charge.id,
    last_payment_error: null,
    next_action: null,
    processing: null,
  });
  save(sandbox, pi);
  sandbox.events.emit('payment_intent.succeeded', pi, changedAttributes(before, pi));
  if (card?.bypassPending) announceImmediateFunds(sandbox);
  afterChargeSucceeded(sandbox, charge);
}

/** What a test card does once its charge has succeeded (captured): early fraud warnings, disputes. */
export function afterChargeSucceeded(sandbox: Sandbox, charge: ChargeObject): void {
  const b = paymentBehaviour(sandbox, charge.payment_method ?? '');
  if (b?.kind === 'sepa_debit' && b.disputed) {
    // A disputed test IBAN: the payment succeeds and the bank disputes it at once.
    sandbox.store.setInternal<DisputeIntent>(DISPUTE_INTENTS, charge.id, { charge: charge.id, reason: 'debit_not_authorized', recordedAt: sandbox.clock.now() });
    const openDispute = sandbox.hooks.get('disputes.open') as ((chargeId: string) => void) | undefined;
    openDispute?.(charge.id);
    return;
  }
  if (b?.kind !== 'card') return;
  if (b.earlyFraudWarning) {
    const warn = sandbox.hooks.get('radar.early_fraud_warning') as ((chargeId: string) => void) | undefined;
    warn?.(charge.id);
  }
  if (b.dispute) {
    sandbox.store.setInternal<DisputeIntent>(DISPUTE_INTENTS, charge.id, {
      charge: charge.id,
      reason: b.dispute,
      recordedAt: sandbox.clock.now(),
    });
    const openDispute = sandbox.hooks.get('disputes.open') as ((chargeId: string) => void) | undefined;
    openDispute?.(charge.id);
  }
}

export function failCharge(
  sandbox: Sandbox,
  pi: PaymentIntentObject,
  charge: ChargeObject,
  pm: PaymentMethodObject,
  decline: Decline,
): StripeApiError {
  Object.assign(charge, {
    status: 'failed',
    failure_code: decline.code,
    failure_message: decline.message,
    outcome: declinedOutcome(decline),
  });
  save(sandbox, charge);
  sandbox.events.emit('charge.failed', charge);
  const before = clone(pi);
  const lastError = {
    charge: charge.id,
    code: decline.code,
    decline_code: decline.declineCode,
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`,
    message: decline.message,
    payment_method: clone(pm),
    type: 'card_error' as const,
  };
  Object.assign(pi, {
    status: 'requires_payment_method',
    latest_charge: charge.id,
    last_payment_error: lastError,
    next_action: null,
    processing: null,
    payment_method: null,
  });
  save(sandbox, pi);
  sandbox.events.emit('payment_intent.payment_failed', pi, changedAttributes(before, pi));
  return cardError({
    code: decline.code,
    declineCode: decline.declineCode,
    message: decline.message,
    charge: charge.id,
    paymentIntent: clone(pi),
    paymentMethod: clone(pm),
  });
}

