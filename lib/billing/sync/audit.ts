import type { Database } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import type { SyncContext } from './context';

export type StripeChange = {
  action: string;
  entityType: string;
  entityId: string | null;
  data?: Record<string, unknown>;
  /** Distinguishes several rows of one action from one event (e.g. two refunds settling). */
  key?: string;
};

/**
 * Audits a change Stripe caused. Keyed `<event id>:<action>[:key]`, so processing the same
 * event again (a retry, a replay) cannot write it twice; without an event (the success
 * page, a job) the change is keyed by what it changed and recorded once per entity.
 */
export function auditStripeChange(db: Database, ctx: Pick<SyncContext, 'eventId'>, change: StripeChange): Promise<void> {
  const scope = ctx.eventId ?? `${change.entityType}:${change.entityId ?? ''}`;
  return appendAudit(db, {
    actorType: 'stripe',
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    data: change.data,
    stripeEventId: ctx.eventId,
    dedupeKey: `${scope}:${change.action}${change.key ? `:${change.key}` : ''}`,
  });
}
