/** What a sync step knows about the event that triggered it (for audit keys and staleness). */
export type SyncContext = { eventId: string; eventCreatedAt: Date };
