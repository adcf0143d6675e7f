import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { updatedAt } from './columns';

/**
 * The store's own details, as printed on receipts and emails and sent as dispute evidence.
 * One row (id = 1, enforced): a settings table rather than env vars, because the admin edits
 * them from the dashboard and every change is audited. No row yet means "defaults".
 */
export const storeSettings = pgTable(
  'store_settings',
  {
    id: integer('id').primaryKey().default(1),
    sellerName: text('seller_name').notNull(),
    // Postal address, one line per line as printed.
    address: text('address').notNull(),
    taxId: text('tax_id'),
    supportEmail: text('support_email').notNull(),
    refundPolicy: text('refund_policy').notNull(),
    updatedBy: text('updated_by'),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('store_settings_singleton_check', sql`${t.id} = 1`),
    check('store_settings_support_email_check', sql`${t.supportEmail} ~ '^[^@\\s]+@[^@\\s]+$'`),
  ],
);
