import { z } from 'zod';
import type { Database } from '@/db/client';
import {
  type AdminDispute,
  countCourseLessons,
  findDisputeForAdmin,
  findDisputeRow,
  findPlanOfInvoice,
  listLessonActivity,
  listSignIns,
  lockEvidenceDraft,
  markEvidenceSubmitted,
  OPEN_DISPUTE_STATUSES,
  saveEvidenceDraft,
} from '@/db/queries/admin-disputes';
import { appendAudit } from '@/db/queries/audit';
import { ActionRefusal } from '@/lib/actions/refusal';
import { formatMoney } from '@/lib/billing/money';
import { paymentMethodLabel } from '@/lib/billing/payment-method-label';
import { disputeEvidenceFromSettings, getStoreSettings } from '@/lib/settings/store';
import { submitDisputeEvidence } from '@/lib/stripe/disputes';
import { StripeFailure } from '@/lib/stripe/errors';
import { compileEvidence, EVIDENCE_FIELDS, type EvidenceDraft, type EvidenceFacts, evidenceDraftSchema, evidenceForStripe } from './dispute-evidence';
import { type AdminActor, attemptId, parseAdminInput, rowId } from './validation';
import { logger } from '@/lib/log';

// Answering a dispute: Bursar compiles the evidence from its own records, the admin edits and
// saves it as a draft (audited), then submits the saved draft to Stripe once.

/** The policy texts evidence quotes, and who the seller is. */
export type EvidencePolicies = { storeName: string; refund: string; refundDisclosure: string; cancellation: string; seller?: string };

export const DEFAULT_POLICIES: EvidencePolicies = {
  storeName: 'Bursar',
  refund: 'Courses can be refunded within 14 days of purchase if less than a quarter of the lessons were completed. Ask through the support address on the receipt.',
  refundDisclosure: 'The refund policy is printed on every receipt and in every receipt email the customer received after paying.',
  cancellation: 'All-Access can be canceled at any time from the account\'s Subscription page; access continues until the end of the paid period and no further payments are taken.',
};

/** The store's own settings (seller, refund policy) over the defaults; the cancellation rule is Bursar's. */
export async function loadEvidencePolicies(db: Database): Promise<EvidencePolicies> {
  const settings = await getStoreSettings(db);
  const seller = disputeEvidenceFromSettings(settings).uncategorized_text;
  return { ...DEFAULT_POLICIES, storeName: settings.sellerName, refund: settings.refundPolicy, seller };
}

const isOpen = (status: string) => (OPEN_DISPUTE_STATUSES as readonly string[]).includes(status);

/** The facts evidence is built from, read from Bursar's own tables. */
export async function loadEvidenceFacts(db: Database, detail: AdminDispute, policies: EvidencePolicies): Promise<EvidenceFacts | null> {
  const { payment, learner, course } = detail;
  if (!payment || !learner) return null;
  const plan = !course && payment.stripeInvoiceId ? await findPlanOfInvoice(db, payment.stripeInvoiceId) : null;
  const [signIns, lessons, lessonCount] = await Promise.all([
    listSignIns(db, learner.id),
    listLessonActivity(db, learner.id, course?.id ?? null),
    course ? countCourseLessons(db, course.id) : Promise.resolve(0),
  ]);
  return {
    learner: { name: learner.name, email: learner.email, signedUpAt: learner.createdAt },
    purchase: {
      paidAt: payment.succeededAt ?? payment.createdAt,
      amountLabel: formatMoney({ amount: payment.amount, currency: payment.currency }),
      stripePaymentIntentId: payment.stripePaymentIntentId,
      methodLabel: paymentMethodLabel({ type: payment.paymentMethodType, brand: payment.cardBrand, last4: payment.cardLast4 }),
    },
    product: course
      ? { kind: 'course', title: course.title, summary: course.summary, lessonCount }
      : { kind: 'plan', name: plan?.name ?? payment.description ?? 'All-Access', description: plan?.description ?? '' },
    signIns,
    lessons,
    policies: { refund: policies.refund, refundDisclosure: policies.refundDisclosure, cancellation: policies.cancellation },
    storeName: policies.storeName,
    seller: policies.seller ?? null,
  };
}

export type DisputeEvidenceView = {
  detail: AdminDispute;
  /** What Bursar compiled now (null when the dispute's payment is unknown locally). */
  compiled: EvidenceDraft | null;
  /** The saved draft, else the compiled evidence: what the form shows. */
  draft: EvidenceDraft;
  source: 'draft' | 'compiled';
};

/** The dispute page's data: the dispute, and the evidence to show in the form. */
export async function loadDisputeEvidence(db: Database, disputeId: string, given?: EvidencePolicies): Promise<DisputeEvidenceView | null> {
  const detail = await findDisputeForAdmin(db, disputeId);
  if (!detail) return null;
  const policies = given ?? (await loadEvidencePolicies(db));
  const facts = await loadEvidenceFacts(db, detail, policies);
  const compiled = facts ? compileEvidence(facts) : null;
  const empty = Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, ''])) as EvidenceDraft;
  const saved = detail.evidence?.fields;
  if (saved && detail.evidence?.updatedAt) return { detail, compiled, draft: { ...empty, ...saved } as EvidenceDraft, source: 'draft' };
  return { detail, compiled, draft: compiled ?? empty, source: 'compiled' };
}

export const saveEvidenceInput = evidenceDraftSchema.and(z.object({ disputeId: rowId }));
export const submitEvidenceInput = z.object({ disputeId: rowId, attemptId });

async function findOpenDisputeOrThrow(db: Database, id: string) {
  const dispute = await findDisputeRow(db, id);
  if (!dispute) throw new ActionRefusal('That dispute could not be found.');
  if (!isOpen(dispute.status)) throw new ActionRefusal(`This dispute is ${dispute.status.replaceAll('_', ' ')}; its evidence can no longer be changed.`);
  return dispute;
}

/** Saves the admin's edited evidence as the draft (audited with before and after). */
export async function saveDisputeEvidenceDraft(db: Database, admin: AdminActor, input: unknown) {
  const { disputeId, ...fields } = parseAdminInput(saveEvidenceInput, input);
  const dispute = await findOpenDisputeOrThrow(db, disputeId);
  const draft = Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, fields[f].trim()])) as EvidenceDraft;
  return db.transaction(async (tx) => {
    const before = await lockEvidenceDraft(tx, dispute.id);
    if (before?.submittedAt) throw new ActionRefusal('This evidence was already submitted to Stripe.');
    await saveEvidenceDraft(tx, { disputeId: dispute.id, fields: draft, updatedByUserId: admin.id });
    const changed = EVIDENCE_FIELDS.filter((f) => (before?.fields[f] ?? '') !== draft[f]);
    await appendAudit(tx, {
      actorType: 'admin',
      actorUserId: admin.id,
      action: 'dispute.evidence_saved',
      entityType: 'dispute',
      entityId: dispute.stripeDisputeId,
      data: { disputeId: dispute.id, changed, before: before ? Object.fromEntries(changed.map((f) => [f, before.fields[f] ?? ''])) : null, after: Object.fromEntries(changed.map((f) => [f, draft[f]])) },
    });
    return { saved: true, changed: changed.length };
  });
}

/**
 * Submits the saved draft to Stripe (`submit: true`). Stripe answers the same for a retried
 * key, so a double submit is one submission. The status change arrives through the webhook
 * (`charge.dispute.updated`); the page shows "submitted" from our own record meanwhile.
 */
export async function submitDisputeEvidenceToStripe(db: Database, admin: AdminActor, input: unknown) {
  const params = parseAdminInput(submitEvidenceInput, input);
  const dispute = await findOpenDisputeOrThrow(db, params.disputeId);
  const draft = await lockEvidenceDraft(db, dispute.id);
  if (!draft) throw new ActionRefusal('Save the evidence as a draft first, then submit it.');
  if (draft.submittedAt) return { submitted: false };
  const evidence = evidenceForStripe(draft.fields);
  if (!evidence.product_description) throw new ActionRefusal('Describe the product before submitting: the bank needs to know what was bought.');
  if (dispute.evidenceDueBy && dispute.evidenceDueBy.getTime() < Date.now()) throw new ActionRefusal('The response deadline has passed; Stripe no longer accepts evidence for this dispute.');
  try {
    await submitDisputeEvidence(dispute.stripeDisputeId, evidence, `dispute-evidence:${dispute.id}:${params.attemptId}`);
  } catch (error) {
    if (error instanceof StripeFailure) {
      logger.warn({ disputeId: dispute.stripeDisputeId, kind: error.kind, stripeCode: error.details.stripeCode }, 'dispute evidence: Stripe refused the submission');
      throw new ActionRefusal(error.details.stripeCode === 'dispute_already_closed' ? 'Stripe says this dispute is already closed; nothing was submitted.' : error.userMessage);
    }
    throw error;
  }
  await db.transaction(async (tx) => {
    await markEvidenceSubmitted(tx, { disputeId: dispute.id, submittedByUserId: admin.id });
    await appendAudit(tx, {
      actorType: 'admin',
      actorUserId: admin.id,
      action: 'dispute.evidence_submitted',
      entityType: 'dispute',
      entityId: dispute.stripeDisputeId,
      data: { disputeId: dispute.id, before: { status: dispute.status, submittedAt: null }, after: { submitted: Object.keys(evidence) } },
      dedupeKey: `dispute-evidence-submitted:${dispute.id}`,
    });
  });
  return { submitted: true };
}
