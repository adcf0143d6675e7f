import type { Database } from '@/db/client';
import { findPlanName } from '@/db/queries/catalog';
import { listCardsExpiringBeforeRenewal } from '@/db/queries/subscriptions';
import { findLearnerContact, findNotificationSettings } from '@/db/queries/users';
import { paymentMethodLabel } from '@/lib/billing/payment-method-label';
import { enqueueNotification } from './outbox';
import { subscriptionPageUrl } from './payloads';
import { wantsEmail } from './preferences';

/**
 * Warns subscribers whose default card expires before their next renewal, once per card and
 * renewal date, if they keep renewal reminders on. Runs daily; the dedupe key makes it one
 * email however often it runs.
 */
export async function remindExpiringCards(db: Database): Promise<{ checked: number; enqueued: number }> {
  const rows = await listCardsExpiringBeforeRenewal(db);
  let enqueued = 0;
  for (const row of rows) {
    if (!row.renewsAt || !row.expMonth || !row.expYear) continue;
    const learner = await findLearnerContact(db, row.userId);
    const settings = learner ? await findNotificationSettings(db, learner.userId) : null;
    if (!learner || !settings || !wantsEmail(settings.emailPreferences, 'renewalReminders')) continue;
    const planName = (row.planId ? await findPlanName(db, row.planId) : null) ?? 'All-Access';
    const result = await enqueueNotification(db, {
      template: 'card-expiring',
      recipient: learner.email,
      userId: learner.userId,
      dedupeKey: `card-expiring:${row.stripePaymentMethodId}:${row.renewsAt.toISOString().slice(0, 10)}`,
      data: {
        learnerName: learner.name,
        card: paymentMethodLabel({ type: 'card', brand: row.brand, last4: row.last4 }) ?? 'card',
        expires: `${String(row.expMonth).padStart(2, '0')}/${row.expYear}`,
        planName,
        renewsAt: row.renewsAt.toISOString(),
        updateUrl: subscriptionPageUrl,
      },
    });
    enqueued += Number(result.enqueued);
  }
  return { checked: rows.length, enqueued };
}
