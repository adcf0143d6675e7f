import { z } from 'zod';
import type { Database } from '@/db/client';
import type { AdminInvoiceRow } from '@/db/queries/admin-subscriptions';
import { appendAudit } from '@/db/queries/audit';
import { findSubscriptionById } from '@/db/queries/subscriptions';
import { ActionRefusal } from '@/lib/actions/refusal';
import { dunningPolicy } from '@/lib/billing/dunning-policy';
import { refreshSubscriptionFromStripe } from '@/lib/billing/sync/refresh';
import { StripeFailure } from '@/lib/stripe/errors';
import { cancelSubscriptionForAdmin, INTERACTIVE, updateSubscription } from '@/lib/stripe/subscriptions';
import { type AdminActor, adminText, attemptId, parseAdminInput, rowId } from './validation';
import { logger } from '@/lib/log';

// An admin ending a learner's subscription: now, or at the end of the paid period. Stripe
// makes the change; its webhooks bring the result into our mirror (we also re-read at once so
// the page shows it). Every request is audited with the state before and what Stripe answered.

/**
 * How many collection attempts a failed renewal gets: the configured dunning policy (Stripe's
 * API does not expose the account's retry schedule; DUNNING_RETRY_DAYS must match it).
 */
export const DUNNING_MAX_ATTEMPTS = dunningPolicy.attempts;

export type DunningState = { attempt: number; of: number; nextRetryAt: Date | null; invoiceNumber: string | null; amountDue: number; currency: string } | null;

/** "Attempt n of m, next retry on …" from the newest unpaid renewal invoice; null when nothing is owed. */
export function dunningStateOf(invoices: AdminInvoiceRow[]): DunningState {
  const open = invoices.find((i) => i.status === 'open' && i.attemptCount > 0);
  if (!open) return null;
  return { attempt: open.attemptCount, of: Math.max(DUNNING_MAX_ATTEMPTS, open.attemptCount), nextRetryAt: open.nextPaymentAttempt, invoiceNumber: open.number, amountDue: open.amountDue, currency: open.currency };
}

export const cancelSubscriptionInput = z.object({
  subscriptionId: rowId,
  attemptId,
  when: z.enum(['now', 'period_end'], { error: 'Choose when the subscription ends.' }),
  reason: adminText('a reason', 3, 500),
});

const ENDABLE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'paused', 'incomplete']);
const RENEWING = new Set(['active', 'trialing', 'past_due']);

export async function cancelSubscriptionAsAdmin(db: Database, admin: AdminActor, input: unknown) {
  const params = parseAdminInput(cancelSubscriptionInput, input);
  const row = await findSubscriptionById(db, params.subscriptionId);
  if (!row) throw new ActionRefusal('That subscription could not be found.');
  if (!ENDABLE.has(row.status)) throw new ActionRefusal(`This subscription is already ${row.status.replaceAll('_', ' ')}.`);
  if (params.when === 'period_end') {
    if (!RENEWING.has(row.status)) throw new ActionRefusal('Only a subscription that renews can end at the period end; cancel it now instead.');
    if (row.cancelAtPeriodEnd) throw new ActionRefusal('This subscription already ends at the end of its period.');
  }
  const before = { status: row.status, cancelAtPeriodEnd: row.cancelAtPeriodEnd, currentPeriodEnd: row.currentPeriodEnd?.toISOString() ?? null };
  const key = `admin-subscription:${row.id}:${params.when === 'now' ? 'cancel-now' : 'cancel-at-period-end'}:${params.attemptId}`;
  let after: { status: string; cancelAtPeriodEnd: boolean };
  try {
    const response =
      params.when === 'now'
        ? await cancelSubscriptionForAdmin(row.stripeSubscriptionId, params.reason, key)
        : (await updateSubscription(row.stripeSubscriptionId, { cancel_at_period_end: true, cancellation_details: { comment: params.reason.slice(0, 500) } }, key, INTERACTIVE)).response;
    after = { status: response.status, cancelAtPeriodEnd: response.cancel_at_period_end };
  } catch (error) {
    if (error instanceof StripeFailure) {
      logger.warn({ subscriptionId: row.stripeSubscriptionId, kind: error.kind, stripeCode: error.details.stripeCode }, 'admin cancel: Stripe did not cancel the subscription');
      throw new ActionRefusal(error.userMessage);
    }
    throw error;
  }
  await appendAudit(db, {
    actorType: 'admin',
    actorUserId: admin.id,
    action: params.when === 'now' ? 'subscription.canceled_now' : 'subscription.cancel_at_period_end',
    entityType: 'subscription',
    entityId: row.stripeSubscriptionId,
    data: { subscriptionId: row.id, learnerId: row.userId, reason: params.reason, before, after },
    dedupeKey: `audit:${key}`,
  });
  try {
    await refreshSubscriptionFromStripe(db, row.stripeSubscriptionId);
  } catch (error) {
    logger.warn({ subscriptionId: row.stripeSubscriptionId, err: error }, 'admin cancel: canceled in Stripe, the local refresh failed (the webhook will converge it)');
  }
  return { when: params.when, status: after.status };
}
