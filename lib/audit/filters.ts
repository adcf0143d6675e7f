import { z } from 'zod';
import type { AuditFilters } from '@/db/queries/admin-audit';
import { auditActorTypes } from '@/db/schema/enums';

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(new Date(`${d}T00:00:00Z`).getTime()));
const startOf = (d: string) => new Date(`${d}T00:00:00Z`);

export type AuditFilterValues = { actorType: string; actor: string; action: string; entityType: string; entityId: string; from: string; to: string };

/** The audit page's filters from the URL; malformed values are dropped and named. */
export function parseAuditFilters(params: Record<string, string | string[] | undefined>): { filter: AuditFilters; before: number | null; values: AuditFilterValues; dropped: string[] } {
  const dropped: string[] = [];
  const pick = <T>(name: string, schema: z.ZodType<T>): T | undefined => {
    const raw = first(params[name]);
    if (raw === undefined || raw === '') return undefined;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) dropped.push(name);
    return parsed.success ? parsed.data : undefined;
  };
  const actorType = pick('actorType', z.enum(auditActorTypes));
  const actor = pick('actor', z.string().trim().min(1).max(254));
  const action = pick('action', z.string().trim().regex(/^[a-z_]+(\.[a-z_]*)*$/).max(100));
  const entityType = pick('entityType', z.string().trim().regex(/^[a-z_]+$/).max(64));
  const entityId = pick('entityId', z.string().trim().min(1).max(255));
  const from = pick('from', day);
  const to = pick('to', day);
  const before = pick('before', z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)) ?? null;
  return {
    filter: { actorType, actor, action, entityType, entityId, from: from ? startOf(from) : undefined, to: to ? new Date(startOf(to).getTime() + 86_400_000) : undefined },
    before,
    values: { actorType: actorType ?? '', actor: actor ?? '', action: action ?? '', entityType: entityType ?? '', entityId: entityId ?? '', from: from ?? '', to: to ?? '' },
    dropped,
  };
}

export function auditHref(path: '/admin/audit' | '/admin/audit/export', values: Partial<AuditFilterValues>, extra: { before?: number } = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) params.set(k, v);
  if (extra.before) params.set('before', String(extra.before));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
