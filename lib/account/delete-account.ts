import type { Database } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { listRenewingSubscriptionIds, markSubscriptionsCancelAtPeriodEnd } from '@/db/queries/subscriptions';
import { anonymiseUser, findUserDeletionState } from '@/db/queries/users';
import { updateSubscription } from '@/lib/stripe/subscriptions';
import { logger } from '@/lib/log';

export type DeleteAccountResult = { ok: true; subscriptionsCanceled: number } | { ok: false; error: string };

/**
 * Deletes a learner's account the way the law asks: subscriptions are set to end at the
 * period they paid for (in Stripe first — if Stripe cannot be reached, nothing changes here),
 * personal data is anonymised and every session ends, while the ledger (payments, refunds,
 * invoices, audit) stays, keyed to an anonymous user, because tax law requires keeping it.
 */
export async function deleteAccount(db: Database, userId: string): Promise<DeleteAccountResult> {
  const user = await findUserDeletionState(db, userId);
  if (!user || user.deletedAt) return { ok: false, error: 'This account no longer exists.' };

  const live = await listRenewingSubscriptionIds(db, userId);
  try {
    for (const stripeId of live) {
      await updateSubscription(stripeId, { cancel_at_period_end: true }, `subscription:${stripeId}:delete-account`);
    }
  } catch (error) {
    logger.error({ err: error, userId }, 'delete account: could not cancel subscriptions');
    return { ok: false, error: 'We could not reach our payment provider to stop your subscription, so nothing was deleted. Please try again.' };
  }

  await db.transaction(async (tx) => {
    await markSubscriptionsCancelAtPeriodEnd(tx, live);
    await anonymiseUser(tx, userId, user.email);
    await appendAudit(tx, {
      actorType: 'user',
      actorUserId: userId,
      action: 'account.deleted',
      entityType: 'user',
      entityId: userId,
      data: { subscriptionsSetToEnd: live.length },
      dedupeKey: `account.deleted:${userId}`,
    });
  });
  return { ok: true, subscriptionsCanceled: live.length };
}
