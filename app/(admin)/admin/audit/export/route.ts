import { getDb } from '@/db/client';
import { type AuditRow, countAudit, iterateAudit } from '@/db/queries/admin-audit';
import { appendAudit } from '@/db/queries/audit';
import { csvRow, csvStream } from '@/lib/admin/csv';
import { parseAuditFilters } from '@/lib/audit/filters';
import { requireAdmin } from '@/lib/auth/guards';
import { logger } from '@/lib/log';

const HEADER = ['id', 'created_at', 'actor_type', 'actor_user_id', 'actor_email', 'action', 'entity_type', 'entity_id', 'stripe_event_id', 'request_id', 'data'];

const line = (r: AuditRow) =>
  csvRow([r.id, r.createdAt.toISOString(), r.actorType, r.actorUserId, r.actorEmail, r.action, r.entityType, r.entityId, r.stripeEventId, r.requestId, JSON.stringify(r.data)]);

/**
 * The filtered audit trail as CSV, newest first, streamed in keyset batches (never all in
 * memory). Admins only; the export itself is an audit row.
 */
export async function GET(request: Request) {
  const admin = await requireAdmin('/admin/audit');
  const { filter } = parseAuditFilters(Object.fromEntries(new URL(request.url).searchParams));
  const db = await getDb();
  const total = await countAudit(db, filter);
  await appendAudit(db, {
    actorType: 'admin',
    actorUserId: admin.id,
    action: 'audit.exported',
    entityType: 'audit_log',
    entityId: null,
    data: { filters: { ...filter, from: filter.from?.toISOString(), to: filter.to?.toISOString() }, rows: total },
  });
  const stream = csvStream(HEADER, iterateAudit(db, filter), line, (error) => logger.error({ err: error }, 'audit export failed midway'));
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="bursar-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
      'X-Total-Rows': String(total),
    },
  });
}
