import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { FilterBar, FilterSearch, FilterSelect } from '@/components/admin/filter-bar';
import { PageHeader } from '@/components/admin/page-header';
import { buttonClass } from '@/components/ui/button';
import { getDb } from '@/db/client';
import { type AuditRow, listAuditForAdmin, listAuditVocabulary } from '@/db/queries/admin-audit';
import { auditActorTypes } from '@/db/schema/enums';
import { auditDiff } from '@/lib/audit/diff';
import { auditHref, parseAuditFilters } from '@/lib/audit/filters';
import { requireAdmin } from '@/lib/auth/guards';

export const metadata: Metadata = { title: 'Audit log' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const actorLabels: Record<string, string> = { admin: 'Admin', user: 'Learner', stripe: 'Stripe', system: 'System' };
const dateControl = 'mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm';
const formatUtc = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

export default async function AuditPage({ searchParams }: Props) {
  await requireAdmin('/admin/audit');
  const { filter, before, values, dropped } = parseAuditFilters(await searchParams);
  const db = await getDb();
  const [{ rows, nextCursor }, vocabulary] = await Promise.all([listAuditForAdmin(db, filter, before), listAuditVocabulary(db)]);
  const filtered = Object.values(values).some(Boolean);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit log"
        description="Every change to money, access and the catalog: who (an admin, a learner, Stripe or Bursar itself), what, and the fields before and after. Append-only."
        actions={
          <a href={auditHref('/admin/audit/export', values)} className={buttonClass('secondary')} download>
            Export CSV
          </a>
        }
      />
      <FilterBar action="/admin/audit" resetHref="/admin/audit" label="Filter the audit log">
        <FilterSelect name="actorType" label="Actor kind" value={values.actorType} options={auditActorTypes.map((t) => ({ value: t, label: actorLabels[t] ?? t }))} />
        <FilterSearch name="actor" label="Actor (email or user id)" value={values.actor} wide={false} />
        <FilterSelect name="action" label="Action" value={values.action} options={vocabulary.actions.map((a) => ({ value: a, label: a }))} />
        <FilterSelect name="entityType" label="Target kind" value={values.entityType} options={vocabulary.entityTypes.map((t) => ({ value: t, label: t }))} />
        <FilterSearch name="entityId" label="Target id" value={values.entityId} wide={false} />
        <label className="block text-xs font-medium text-slate-700">
          From
          <input type="date" name="from" defaultValue={values.from} className={dateControl} />
        </label>
        <label className="block text-xs font-medium text-slate-700">
          To
          <input type="date" name="to" defaultValue={values.to} className={dateControl} />
        </label>
      </FilterBar>
      {dropped.length > 0 ? (
        <p role="status" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900">
          Ignored a filter value that is not valid: {dropped.join(', ')}.
        </p>
      ) : null}
      {rows.length === 0 ? (
        <AdminEmptyState title={filtered || before ? 'Nothing matches these filters' : 'No changes recorded yet'} clearHref={filtered ? '/admin/audit' : undefined} />
      ) : (
        <ol className="space-y-3" aria-label="Changes, newest first" data-testid="audit-list">
          {rows.map((row) => (
            <AuditEntry key={row.id} row={row} />
          ))}
        </ol>
      )}
      <nav aria-label="Pages" className="flex gap-3">
        {before ? <Link href={auditHref('/admin/audit', values)} className={buttonClass('secondary')}>Newest</Link> : null}
        {nextCursor ? <Link href={auditHref('/admin/audit', values, { before: nextCursor })} className={buttonClass('secondary')}>Older changes</Link> : null}
      </nav>
    </div>
  );
}

function AuditEntry({ row }: { row: AuditRow }) {
  const { rows: diff, details } = auditDiff(row.data);
  const actor = row.actorEmail ?? row.actorUserId ?? actorLabels[row.actorType] ?? row.actorType;
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4" data-testid="audit-row">
      <p className="flex flex-wrap items-baseline gap-x-2 gap-y-1 text-sm">
        <code className="font-semibold">{row.action}</code>
        <span className="text-slate-600">
          on {row.entityType}
          {row.entityId ? <code className="ml-1 break-all text-xs">{row.entityId}</code> : null}
        </span>
      </p>
      <p className="mt-0.5 text-xs text-slate-600">
        by {actorLabels[row.actorType] === actor ? actor : `${actor} (${actorLabels[row.actorType] ?? row.actorType})`} · <time dateTime={row.createdAt.toISOString()}>{formatUtc(row.createdAt)}</time>
        {row.stripeEventId ? <> · event <code>{row.stripeEventId}</code></> : null}
      </p>
      {diff.length ? (
        <div className="mt-2 overflow-x-auto">
          <table className="w-full min-w-[20rem] text-left text-xs" data-testid="audit-diff">
            <caption className="sr-only">Fields before and after</caption>
            <thead>
              <tr className="text-slate-600">
                <th scope="col" className="py-1 pr-3 font-medium">Field</th>
                <th scope="col" className="py-1 pr-3 font-medium">Before</th>
                <th scope="col" className="py-1 font-medium">After</th>
              </tr>
            </thead>
            <tbody>
              {diff.map((d) => (
                <tr key={d.field} className="border-t border-slate-100 align-top">
                  <th scope="row" className="py-1 pr-3 font-mono font-normal">{d.field}</th>
                  <td className="break-all py-1 pr-3">{d.before === null ? <span className="text-slate-500">—</span> : <del className="bg-red-50 text-red-900 no-underline">{d.before}</del>}</td>
                  <td className="break-all py-1">{d.after === null ? <span className="text-slate-500">—</span> : <ins className="bg-emerald-50 text-emerald-900 no-underline">{d.after}</ins>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {details.length ? (
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-xs text-slate-700">
          {details.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-mono text-slate-500">{k}</dt>
              <dd className="break-all">{v}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </li>
  );
}
