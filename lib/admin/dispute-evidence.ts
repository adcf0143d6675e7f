import { z } from 'zod';

// Dispute evidence compiled from what Bursar knows, into Stripe's evidence fields. Only text
// fields: Stripe's refund_policy, cancellation_policy and receipt take uploaded files, so the
// policy texts go into the matching *_disclosure text fields. Pure: the caller loads the facts, this writes the text, the admin
// edits it. Stripe takes at most 20,000 characters per text field and 150,000 in all.

/** The fields Bursar fills and the admin edits, in the order the form shows them. */
export const EVIDENCE_FIELDS = [
  'customer_name',
  'customer_email_address',
  'product_description',
  'service_date',
  'access_activity_log',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'uncategorized_text',
] as const;
export type EvidenceField = (typeof EVIDENCE_FIELDS)[number];
export type EvidenceDraft = Record<EvidenceField, string>;

export const EVIDENCE_LABELS: Record<EvidenceField, { label: string; hint?: string }> = {
  customer_name: { label: 'Customer name' },
  customer_email_address: { label: 'Customer email address' },
  product_description: { label: 'Product description', hint: 'What was sold, and that it is delivered online at once.' },
  service_date: { label: 'Service date', hint: 'When the learner got access (purchase date).' },
  access_activity_log: { label: 'Access activity log', hint: 'Sign-ins and lessons opened or completed, with times (UTC).' },
  refund_policy_disclosure: { label: 'Refund policy and how it was shown', hint: 'Stripe’s refund_policy field takes an uploaded file; the policy text goes here.' },
  refund_refusal_explanation: { label: 'Why the customer is not owed a refund', hint: 'Leave empty unless you refused a refund request.' },
  cancellation_policy_disclosure: { label: 'Cancellation policy and how it was shown', hint: 'For subscriptions.' },
  cancellation_rebuttal: { label: 'Why the subscription was not canceled', hint: 'Only when the customer says they canceled.' },
  uncategorized_text: { label: 'Summary for the bank' },
};

export const FIELD_LIMIT = 20_000;
const TOTAL_LIMIT = 150_000;

export const evidenceDraftSchema = z
  .object(Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, z.string().max(FIELD_LIMIT, { error: `Use at most ${FIELD_LIMIT.toLocaleString('en-US')} characters.` }).optional().default('')])) as Record<EvidenceField, z.ZodDefault<z.ZodOptional<z.ZodString>>>)
  .refine((draft) => Object.values(draft).reduce((n, v) => n + v.length, 0) <= TOTAL_LIMIT, { error: 'All evidence together must stay under 150,000 characters.' })
  .refine((draft) => !Object.values(draft).some((v) => /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v)), { error: 'Evidence may not contain control characters.' });

export type EvidenceFacts = {
  learner: { name: string | null; email: string; signedUpAt: Date };
  purchase: { paidAt: Date; amountLabel: string; stripePaymentIntentId: string; methodLabel: string | null };
  /** A course, or the All-Access plan for a subscription payment. */
  product: { kind: 'course'; title: string; summary: string; lessonCount: number } | { kind: 'plan'; name: string; description: string };
  signIns: { at: Date; ip: string | null; userAgent: string | null }[];
  lessons: { courseTitle: string; position: number; lessonTitle: string; firstOpenedAt: Date; lastOpenedAt: Date; completedAt: Date | null }[];
  policies: { refund: string; refundDisclosure: string; cancellation: string };
  storeName: string;
  /** The seller's name, address and support contact (store settings), for the bank; null to leave out. */
  seller?: string | null;
};

const stamp = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const day = (d: Date) => d.toISOString().slice(0, 10);

/** A short browser name from a user agent, for the log (the full string adds noise). */
function browserOf(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const match = /(Edg|OPR|Firefox|Chrome|Safari)\/[\d.]+/.exec(userAgent);
  const os = /(Windows|Mac OS X|Android|iPhone|iPad|Linux)/.exec(userAgent)?.[1];
  const name = match ? match[1]!.replace('Edg', 'Edge').replace('OPR', 'Opera') : 'a browser';
  return os ? `${name} on ${os}` : name;
}

/** The access log: one line per event, in time order, newest dropped first if it would not fit. */
function accessLog(facts: EvidenceFacts): string {
  type Line = { at: Date; text: string };
  const lines: Line[] = [{ at: facts.purchase.paidAt, text: `Purchase completed (${facts.purchase.amountLabel}, ${facts.purchase.stripePaymentIntentId})` }];
  for (const s of facts.signIns) {
    const where = [s.ip ? `from ${s.ip}` : null, browserOf(s.userAgent)].filter(Boolean).join(', ');
    lines.push({ at: s.at, text: `Signed in${where ? ` (${where})` : ''}` });
  }
  for (const l of facts.lessons) {
    const name = `${facts.product.kind === 'plan' ? `${l.courseTitle}: ` : ''}lesson ${l.position} "${l.lessonTitle}"`;
    lines.push({ at: l.firstOpenedAt, text: `Opened ${name}` });
    if (l.lastOpenedAt.getTime() - l.firstOpenedAt.getTime() > 60_000) lines.push({ at: l.lastOpenedAt, text: `Opened again ${name} (last visit)` });
    // Marking complete on the first visit stamps both in the same instant (the completion a hair
    // earlier, from the app's clock): never list a lesson completed before it was opened.
    if (l.completedAt) lines.push({ at: l.completedAt < l.firstOpenedAt ? l.firstOpenedAt : l.completedAt, text: `Completed ${name}` });
  }
  lines.sort((a, b) => a.at.getTime() - b.at.getTime());
  const after = facts.signIns.filter((s) => s.at >= facts.purchase.paidAt).length;
  const opened = facts.lessons.length;
  const completed = facts.lessons.filter((l) => l.completedAt).length;
  const of = facts.product.kind === 'course' ? ` of ${facts.product.lessonCount}` : '';
  const lessonWord = (facts.product.kind === 'course' ? facts.product.lessonCount : opened) === 1 ? 'lesson' : 'lessons';
  const header = `${facts.storeName} access log for ${facts.learner.email} (times in UTC). ${facts.signIns.length} sign-in${facts.signIns.length === 1 ? '' : 's'} (${after} after the purchase); ${opened}${of} ${lessonWord} opened, ${completed} completed.`;
  // Keep the earliest use (it answers "never received") and the header within the field limit.
  const body: string[] = [];
  let length = header.length + 1;
  for (const line of lines) {
    const text = `${stamp(line.at)}  ${line.text}`;
    if (length + text.length + 1 > FIELD_LIMIT) break;
    body.push(text);
    length += text.length + 1;
  }
  return [header, '', ...body].join('\n');
}

/** Every evidence field Bursar can fill, from its facts. */
export function compileEvidence(facts: EvidenceFacts): EvidenceDraft {
  const product =
    facts.product.kind === 'course'
      ? `"${facts.product.title}": an online video and text course of ${facts.product.lessonCount} lessons, sold by ${facts.storeName} and delivered digitally — access opens in the customer's account as soon as the payment succeeds. ${facts.product.summary}`
      : `${facts.product.name}: a subscription giving online access to every course sold by ${facts.storeName}, delivered digitally in the customer's account. ${facts.product.description}`;
  const opened = facts.lessons.length;
  const completed = facts.lessons.filter((l) => l.completedAt).length;
  const lastUse = [...facts.lessons.map((l) => l.lastOpenedAt), ...facts.signIns.map((s) => s.at)].sort((a, b) => b.getTime() - a.getTime())[0];
  const summary = [
    `${facts.learner.name ?? facts.learner.email} (${facts.learner.email}) created an account on ${day(facts.learner.signedUpAt)} and paid ${facts.purchase.amountLabel}${facts.purchase.methodLabel ? ` with ${facts.purchase.methodLabel}` : ''} on ${day(facts.purchase.paidAt)} (${facts.purchase.stripePaymentIntentId}).`,
    opened > 0
      ? `After paying, the customer used what they bought: ${opened} lesson${opened === 1 ? '' : 's'} opened and ${completed} completed while signed in to their own account${lastUse ? `, most recently on ${day(lastUse)}` : ''}. The access activity log lists every event with its time.`
      : 'Access to the purchase was delivered to the customer\'s account at once; the access activity log lists their sign-ins.',
  ].join(' ') + (facts.seller ? `\n\n${facts.seller}` : '');
  return {
    customer_name: facts.learner.name ?? '',
    customer_email_address: facts.learner.email,
    product_description: product,
    service_date: day(facts.purchase.paidAt),
    access_activity_log: accessLog(facts),
    refund_policy_disclosure: `${facts.policies.refundDisclosure}\n\nThe refund policy reads:\n${facts.policies.refund}`,
    refund_refusal_explanation: '',
    cancellation_policy_disclosure: facts.product.kind === 'plan' ? `${facts.policies.refundDisclosure}\n\nThe cancellation policy reads:\n${facts.policies.cancellation}` : '',
    cancellation_rebuttal: '',
    uncategorized_text: summary,
  };
}

/** What goes to Stripe: the non-empty fields only (an empty string would erase a field). */
export function evidenceForStripe(draft: Partial<Record<EvidenceField, string>>): Partial<Record<EvidenceField, string>> {
  return Object.fromEntries(Object.entries(draft).filter(([k, v]) => (EVIDENCE_FIELDS as readonly string[]).includes(k) && typeof v === 'string' && v.trim() !== '')) as Partial<Record<EvidenceField, string>>;
}
