import type Stripe from 'stripe';
import { changedAttributes } from '../core/events';
import { invalidRequest } from '../core/errors';
import { newId } from '../core/ids';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import type { Wire } from '../core/wire';
import { recordBalanceTransaction } from './balance';
import { ZERO_DECIMAL } from './fees';
import type { BalanceTransactionObject, ChargeObject } from './objects';
import type { DisputeKind } from './test-cards';

/** Disputes of a "multiple disputes" card: when closed, the charge is disputed again. */
const REPEAT_DISPUTES = 'dispute_repeat';

export type DisputeObject = Wire<Stripe.Dispute>;
export const DISPUTE_OPEN_TASK = 'dispute.open';

/** Days the merchant has to respond; Stripe's deadlines vary by network, 7 days is typical. */
const RESPONSE_WINDOW_S = 7 * 24 * 60 * 60;

/**
 * Stripe's dispute fee: $15.00 in the US. The sandbox charges 15.00 in any two-decimal
 * currency and 2,000 in zero-decimal ones (e.g. ¥2,000); it is not returned when won.
 */
const disputeFee = (currency: string) => (ZERO_DECIMAL.has(currency) ? 2000 : 1500);

const EVIDENCE_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_communication',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'customer_signature',
  'duplicate_charge_documentation',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'receipt',
  'refund_policy',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'service_documentation',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_documentation',
  'shipping_tracking_number',
  'uncategorized_file',
  'uncategorized_text',
] as const;
export type EvidenceField = (typeof EVIDENCE_FIELDS)[number];
export const evidenceFields: readonly EvidenceField[] = EVIDENCE_FIELDS;

function emptyEvidence(): DisputeObject['evidence'] {
  const e = Object.fromEntries(EVIDENCE_FIELDS.map((k) => [k, null])) as Record<EvidenceField, null>;
  return { ...e, enhanced_evidence: {} };
}

const txnsOf = (sandbox: Sandbox, ids: string[]) =>
  ids.map((id) => sandbox.store.get<BalanceTransactionObject>('balance_transaction', id)).filter((t) => t !== undefined);

/**
 * Opens a dispute on a succeeded charge: funds and the fee are withdrawn at once. An inquiry
 * (`warning_needs_response`) withdraws nothing; the test cards' kinds set the reason and the
 * network programme (Visa CE 3.0, compliance).
 */
export function openDispute(sandbox: Sandbox, charge: ChargeObject, kind: DisputeKind | string = 'fraudulent', repeat = false): DisputeObject {
  if (charge.disputed && !repeat) throw invalidRequest(`Charge ${charge.id} is already disputed.`);
  const id = newId('dp');
  const now = sandbox.clock.now();
  const inquiry = kind === 'inquiry';
  const reason =
    kind === 'inquiry' ? 'general' : kind === 'ce3_eligible' || kind === 'multiple' ? 'fraudulent' : kind === 'noncompliant' ? 'noncompliant' : kind;
  const withdrawal = inquiry
    ? null
    : recordBalanceTransaction(sandbox, {
        type: 'adjustment',
        amount: -charge.amount,
        currency: charge.currency,
        source: id,
        description: `Chargeback withdrawal for ${charge.id}`,
        fee: { amount: disputeFee(charge.currency), description: 'Dispute fee' },
      });
  const card = charge.payment_method_details?.card;
  const enhanced: DisputeObject['evidence_details']['enhanced_eligibility'] =
    kind === 'ce3_eligible'
      ? { visa_compelling_evidence_3: { required_actions: ['missing_prior_undisputed_transactions'], status: 'requires_action' } }
      : kind === 'noncompliant'
        ? { visa_compliance: { status: 'requires_fee_acknowledgement' } }
        : {};
  const dispute = {
    id,
    object: 'dispute',
    amount: charge.amount,
    balance_transactions: withdrawal ? [withdrawal] : [],
    charge: charge.id,
    created: now,
    currency: charge.currency,
    enhanced_eligibility_types: kind === 'ce3_eligible' ? ['visa_compelling_evidence_3'] : kind === 'noncompliant' ? ['visa_compliance'] : [],
    evidence: emptyEvidence(),
    evidence_details: {
      due_by: now + RESPONSE_WINDOW_S,
      enhanced_eligibility: enhanced,
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: 'not_submitted',
    },
    intended_submission_method: null,
    is_charge_refundable: inquiry,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    payment_method_details: card
      ? { type: 'card', card: { brand: card.brand ?? 'visa', case_type: inquiry ? 'inquiry' : 'chargeback', network: card.network ?? 'visa', network_reason_code: '10.4' } }
      : { type: 'card' },
    reason,
    status: inquiry ? 'warning_needs_response' : 'needs_response',
  } satisfies DisputeObject;
  if (kind === 'multiple' && !repeat) sandbox.store.setInternal(REPEAT_DISPUTES, id, true);
  save(sandbox, dispute);
  const before = clone(charge);
  charge.disputed = true;
  save(sandbox, charge);
  sandbox.events.emit('charge.dispute.created', dispute);
  if (withdrawal) sandbox.events.emit('charge.dispute.funds_withdrawn', dispute);
  sandbox.events.emit('charge.updated', charge, changedAttributes(before, charge));
  return dispute;
}

/** Records evidence; `submit` sends it to the bank (`under_review`). Stripe's magic texts decide the case. */
export function updateDispute(
  sandbox: Sandbox,
  dispute: DisputeObject,
  update: { evidence?: Partial<Record<EvidenceField, string | null>> | null; metadata?: Record<string, string>; submit?: boolean | null },
): DisputeObject {
  if (!OPEN.has(dispute.status)) {
    throw invalidRequest(`This dispute is ${dispute.status} and can no longer be updated.`, { code: 'dispute_already_closed' });
  }
  const before = clone(dispute);
  if (update.evidence) {
    for (const [k, v] of Object.entries(update.evidence)) (dispute.evidence as Record<string, unknown>)[k] = v ?? null;
    dispute.evidence_details.has_evidence = true;
  }
  if (update.metadata) dispute.metadata = update.metadata;
  // Stripe: `submit` defaults to true; `submit=false` only stages the evidence.
  const submit = update.submit ?? true;
  if (submit) {
    dispute.status = dispute.status === 'warning_needs_response' ? 'warning_under_review' : 'under_review';
    dispute.evidence_details.submission_count += 1;
    dispute.evidence_details.submission_method = 'manual';
    const dueBy = dispute.evidence_details.due_by;
    dispute.evidence_details.past_due = dueBy !== null && sandbox.clock.now() > dueBy;
  }
  save(sandbox, dispute);
  sandbox.events.emit('charge.dispute.updated', dispute, changedAttributes(before, dispute));
  // Stripe test mode: this evidence text wins or loses the dispute immediately.
  const text = dispute.evidence.uncategorized_text;
  if (submit && text === 'winning_evidence') closeDispute(sandbox, dispute, 'won');
  if (submit && text === 'losing_evidence') closeDispute(sandbox, dispute, 'lost');
  return dispute;
}

const OPEN = new Set(['needs_response', 'warning_needs_response']);
const CLOSED = new Set(['won', 'lost', 'warning_closed']);

/**
 * Closes a dispute won (funds reinstated, fee kept by Stripe) or lost. An inquiry closes as
 * `warning_closed` either way: no funds moved. A "multiple disputes" card's charge is then
 * disputed again.
 */
export function closeDispute(sandbox: Sandbox, dispute: DisputeObject, outcome: 'won' | 'lost'): DisputeObject {
  if (CLOSED.has(dispute.status)) {
    throw invalidRequest(`This dispute is already closed (${dispute.status}).`, { code: 'dispute_already_closed' });
  }
  const before = clone(dispute);
  const inquiry = dispute.status.startsWith('warning_');
  dispute.status = inquiry ? 'warning_closed' : outcome;
  if (!inquiry && outcome === 'won') {
    const reinstated = recordBalanceTransaction(sandbox, {
      type: 'adjustment',
      amount: dispute.amount,
      currency: dispute.currency,
      source: dispute.id,
      description: `Chargeback reversal for ${String(dispute.charge)}`,
      reportingCategory: 'dispute_reversal',
    });
    dispute.balance_transactions = [...txnsOf(sandbox, dispute.balance_transactions.map((t) => t.id)), reinstated];
    save(sandbox, dispute);
    sandbox.events.emit('charge.dispute.funds_reinstated', dispute, changedAttributes(before, dispute));
  } else {
    save(sandbox, dispute);
  }
  sandbox.events.emit('charge.dispute.closed', dispute, changedAttributes(before, dispute));
  const repeats = sandbox.store.internal<boolean>(REPEAT_DISPUTES);
  if (repeats[dispute.id]) {
    delete repeats[dispute.id];
    const charge = sandbox.store.get<ChargeObject>('charge', String(dispute.charge));
    if (charge) openDispute(sandbox, charge, 'fraudulent', true);
  }
  return dispute;
}

/**
 * A dispute nobody answered by `evidence_details.due_by` is lost, as in Stripe. Staged but
 * unsubmitted evidence does not save it. Runs with sandbox time (the billing tick and
 * `/_sandbox/clock/advance`). Returns how many were closed.
 */
export function closeOverdueDisputes(sandbox: Sandbox, now: number): number {
  let closed = 0;
  for (const d of sandbox.store.all<DisputeObject>('dispute')) {
    const dueBy = d.evidence_details.due_by;
    if (!OPEN.has(d.status) || dueBy === null || dueBy > now) continue;
    sandbox.clock.at(dueBy, () => closeDispute(sandbox, d, 'lost'));
    closed += 1;
  }
  return closed;
}
