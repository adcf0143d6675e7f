import { DefinitionTip } from '@/components/admin/definition-tip';
import { StatusBadge } from '@/components/admin/status-badge';

/** Payments by status as a card in the stat grid (spans two columns). */
export function OutcomeList({ outcomes, definition }: { outcomes: Array<{ status: string; count: number }>; definition: string }) {
  const total = outcomes.reduce((sum, o) => sum + o.count, 0);
  return (
    <div className="relative col-span-2 rounded-xl border border-slate-200 bg-white p-4" data-testid="metric-outcomes">
      <dt className="flex items-center gap-1 text-sm text-slate-600">
        <span>Payments by outcome</span>
        <DefinitionTip term="Payments by outcome">{definition}</DefinitionTip>
      </dt>
      <dd className="mt-2">
        {total === 0 ? (
          <span className="text-sm text-slate-500">No payments started in this range.</span>
        ) : (
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {outcomes.map((o) => (
              <li key={o.status} className="flex items-center gap-1.5" data-outcome={o.status}>
                <StatusBadge status={o.status} />
                <span className="font-semibold tabular-nums">{o.count.toLocaleString('en-US')}</span>
              </li>
            ))}
          </ul>
        )}
      </dd>
    </div>
  );
}
