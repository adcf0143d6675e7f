import { eq } from 'drizzle-orm';
import type { Database } from '../client';
import { storeSettings } from '../schema';

export type StoreSettingsRow = typeof storeSettings.$inferSelect;
export type StoreSettingsValues = Pick<StoreSettingsRow, 'sellerName' | 'address' | 'taxId' | 'supportEmail' | 'refundPolicy'>;

/** The one settings row, or null before an admin has saved any. */
export async function findStoreSettings(db: Database): Promise<StoreSettingsRow | null> {
  const [row] = await db.select().from(storeSettings).where(eq(storeSettings.id, 1));
  return row ?? null;
}

/**
 * Saves the settings and returns what they were before, in one transaction: the row is locked
 * while read so two admins saving at once each get a true "before" for their audit row.
 */
export async function saveStoreSettings(
  db: Database,
  values: StoreSettingsValues,
  updatedBy: string,
  audit: (tx: Database, before: StoreSettingsRow | null, after: StoreSettingsRow) => Promise<void>,
): Promise<{ before: StoreSettingsRow | null; after: StoreSettingsRow }> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(storeSettings).where(eq(storeSettings.id, 1)).for('update');
    const [after] = await tx
      .insert(storeSettings)
      .values({ id: 1, ...values, updatedBy })
      .onConflictDoUpdate({ target: storeSettings.id, set: { ...values, updatedBy, updatedAt: new Date() } })
      .returning();
    if (!after) throw new Error('store_settings upsert returned no row');
    await audit(tx, before ?? null, after);
    return { before: before ?? null, after };
  });
}
