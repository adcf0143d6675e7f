/**
 * What an apply step knows about why it runs: the event (for audit keys), and the version
 * of the Stripe read it applies (a `stripe_read_seq` ticket taken before reading). A row
 * written from a newer read than this one is left alone: this read is stale.
 */
export type SyncContext = { eventId: string | null; eventCreatedAt: Date | null; version: number };

export function isStaleRead(row: { syncedVersion: number }, ctx: SyncContext): boolean {
  return row.syncedVersion > ctx.version;
}
