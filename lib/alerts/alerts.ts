import type { Database } from '@/db/client';
import { findNewestDeadEventId, insertAdminAlert, type NewAdminAlert, takeAlertsForDigest } from '@/db/queries/alerts';
import { readWebhookBacklog } from '@/db/queries/stripe-events';
import { env } from '@/lib/env';
import { enqueueNotification } from '@/lib/notifications/outbox';

export type AlertDelivery = {
  /** immediate: one email per alert; digest: one email a day; off: dashboard only. */
  mode: 'immediate' | 'digest' | 'off';
  admins: readonly string[];
  digestHour: number;
  lagSeconds: number;
  appUrl: string;
};

export const alertDelivery: AlertDelivery = {
  mode: env.ADMIN_ALERT_EMAILS,
  admins: env.ADMIN_EMAILS,
  digestHour: env.ADMIN_ALERT_DIGEST_HOUR,
  lagSeconds: env.ADMIN_ALERT_LAG_SECONDS,
  appUrl: env.APP_URL,
};

/**
 * Raises an alert for the admins, once per business key, in the caller's transaction: it is
 * shown on the dashboard (/admin/alerts) until acknowledged and, in immediate mode, emailed
 * to every ADMIN_EMAILS address through the outbox (so it is sent if and only if the change
 * that raised it commits). Returns whether this call raised it.
 */
export async function raiseAdminAlert(tx: Database, alert: NewAdminAlert, delivery: AlertDelivery = alertDelivery): Promise<boolean> {
  const row = await insertAdminAlert(tx, alert);
  if (!row) return false;
  if (delivery.mode === 'immediate') {
    for (const email of delivery.admins) {
      await enqueueNotification(tx, {
        template: 'admin-alert',
        recipient: email,
        dedupeKey: `admin-alert:${row.dedupeKey}:${email}`,
        data: { title: row.title, detail: row.detail, url: row.href ? `${delivery.appUrl}${row.href}` : null, raisedAt: row.createdAt.toISOString() },
      });
    }
  }
  return true;
}

/** The alert row and its emails commit together: a crash between them cannot leave an alert nobody was told about. */
const raiseInOwnTransaction = (db: Database, alert: NewAdminAlert, delivery: AlertDelivery) => db.transaction((tx) => raiseAdminAlert(tx, alert, delivery));

const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The daily digest (digest mode): once the digest hour has passed, every alert raised before
 * that hour and not yet digested goes out in one email per admin, keyed by the day. Running
 * again the same day finds nothing (those alerts are marked), and alerts raised after the
 * hour wait for tomorrow's.
 */
export async function sendAlertDigest(db: Database, now: Date, delivery: AlertDelivery = alertDelivery): Promise<{ digested: number }> {
  if (delivery.mode !== 'digest' || delivery.admins.length === 0) return { digested: 0 };
  const cutoff = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), delivery.digestHour));
  if (now < cutoff) return { digested: 0 };
  return db.transaction(async (tx) => {
    const alerts = await takeAlertsForDigest(tx, cutoff);
    if (alerts.length === 0) return { digested: 0 };
    const day = dayOf(cutoff);
    for (const email of delivery.admins) {
      await enqueueNotification(tx, {
        template: 'admin-alert-digest',
        recipient: email,
        dedupeKey: `admin-alert-digest:${day}:${email}`,
        data: {
          day,
          alerts: alerts.map((a) => ({ title: a.title, detail: a.detail, url: a.href ? `${delivery.appUrl}${a.href}` : null, raisedAt: a.createdAt.toISOString() })),
          dashboardUrl: `${delivery.appUrl}/admin/alerts`,
        },
      });
    }
    return { digested: alerts.length };
  });
}

/**
 * Watches the webhook pipeline: an alert for each newly dead-lettered event (keyed by the
 * newest dead event, so a growing dead letter alerts again) and one per hour while the
 * oldest waiting event is older than the lag threshold.
 */
export async function watchWebhooks(db: Database, now: Date, delivery: AlertDelivery = alertDelivery): Promise<{ raised: number }> {
  const backlog = await readWebhookBacklog(db);
  let raised = 0;
  if (backlog.dead > 0) {
    const newest = await findNewestDeadEventId(db);
    if (newest) {
      raised += Number(
        await raiseInOwnTransaction(
          db,
          {
            kind: 'webhooks_dead',
            dedupeKey: `webhooks-dead:${newest}`,
            title: `${backlog.dead} webhook event${backlog.dead === 1 ? '' : 's'} in the dead letter`,
            detail: `Processing gave up after every retry; the newest is ${newest}. Fix the cause, then replay them from the events page.`,
            href: '/admin/events?status=dead',
            at: now,
          },
          delivery,
        ),
      );
    }
  }
  if (backlog.oldestWaitingSeconds !== null && backlog.oldestWaitingSeconds > delivery.lagSeconds) {
    const hour = now.toISOString().slice(0, 13);
    raised += Number(
      await raiseInOwnTransaction(
        db,
        {
          kind: 'webhooks_lagging',
          dedupeKey: `webhooks-lag:${hour}`,
          title: `Webhook processing is ${Math.round(backlog.oldestWaitingSeconds / 60)} minutes behind`,
          detail: `${backlog.waiting + backlog.failing} events wait; the oldest arrived ${Math.round(backlog.oldestWaitingSeconds)} s ago (threshold ${delivery.lagSeconds} s). Check that a worker runs.`,
          href: '/admin/events',
          at: now,
        },
        delivery,
      ),
    );
  }
  return { raised };
}
