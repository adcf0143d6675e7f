import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import type { SubscriptionStatus } from '@/db/schema/enums';
import { accounts, sessions, subscriptions, users, verificationTokens } from '@/db/schema';
import { getStripe } from '@/lib/stripe/client';

const ENDED: SubscriptionStatus[] = ['canceled', 'incomplete_expired'];

export type DeleteAccountResult = { ok: true; subscriptionsCanceled: number } | { ok: false; error: string };

/**
 * Deletes a learner's account the way the law asks: subscriptions are set to end at the
 * period they paid for (in Stripe first — if Stripe cannot be reached, nothing changes here),
 * personal data is anonymised and every session ends, while the ledger (payments, refunds,
 * invoices, audit) stays, keyed to an anonymous user, because tax law requires keeping it.
 */
export async function deleteAccount(db: Database, userId: string): Promise<DeleteAccountResult> {
  const [user] = await db.select({ email: users.email, deletedAt: users.deletedAt }).from(users).where(eq(users.id, userId));
  if (!user || user.deletedAt) return { ok: false, error: 'This account no longer exists.' };

  const live = await db
    .select({ stripeId: subscriptions.stripeSubscriptionId })
    .from(subscriptions)
    .where(and(eq(subscriptions.userId, userId), notInArray(subscriptions.status, ENDED), eq(subscriptions.cancelAtPeriodEnd, false)));
  try {
    for (const { stripeId } of live) {
      await getStripe().subscriptions.update(stripeId, { cancel_at_period_end: true }, { idempotencyKey: `subscription:${stripeId}:delete-account` });
    }
  } catch (error) {
    console.error('delete account: could not cancel subscriptions', userId, error);
    return { ok: false, error: 'We could not reach our payment provider to stop your subscription, so nothing was deleted. Please try again.' };
  }

  await db.transaction(async (tx) => {
    if (live.length) {
      await tx
        .update(subscriptions)
        .set({ cancelAtPeriodEnd: true })
        .where(inArray(subscriptions.stripeSubscriptionId, live.map((s) => s.stripeId)));
    }
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await tx.delete(accounts).where(eq(accounts.userId, userId));
    await tx.delete(verificationTokens).where(eq(verificationTokens.identifier, user.email));
    await tx
      .update(users)
      .set({
        email: `deleted-${userId}@deleted.invalid`,
        name: null,
        image: null,
        phone: null,
        smsOptIn: false,
        emailPreferences: {},
        emailVerified: null,
        deletedAt: new Date(),
      })
      .where(eq(users.id, userId));
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
