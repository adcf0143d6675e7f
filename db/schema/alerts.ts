import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { createdAt, oneOf, tz } from './columns';
import { adminAlertKinds, type AdminAlertKind } from './enums';

/**
 * Things an admin must hear about (a dispute opened, a refund or payout failed, webhooks
 * dead-lettered or lagging, a reconciliation difference): shown on the dashboard until
 * acknowledged, and emailed to ADMIN_EMAILS at once or in a daily digest. One row per
 * business key, so a replayed event never alerts twice.
 */
export const adminAlerts = pgTable(
  'admin_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<AdminAlertKind>().notNull(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    title: text('title').notNull(),
    detail: text('detail'),
    /** Where in the admin the admin acts on it (a path under /admin). */
    href: text('href'),
    createdAt: createdAt(),
    acknowledgedAt: tz('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
    /** When it went out in a daily digest (digest mode only). */
    digestedAt: tz('digested_at'),
  },
  (t) => [
    check('admin_alerts_kind_check', oneOf(t.kind, adminAlertKinds)),
    check('admin_alerts_href_check', sql`${t.href} is null or ${t.href} like '/admin%'`),
    index('admin_alerts_open_idx').on(t.createdAt, t.id).where(sql`${t.acknowledgedAt} is null`),
    index('admin_alerts_created_idx').on(t.createdAt, t.id),
  ],
);
