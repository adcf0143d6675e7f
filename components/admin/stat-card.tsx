import type { ReactNode } from 'react';
import { cn } from '@/components/ui/cn';
import { DefinitionTip } from './definition-tip';

type Props = {
  label: string;
  value: ReactNode;
  /** What the number means, exactly (shown in a tooltip; the same text as docs/metrics.md). */
  definition?: string;
  /** A second line: the comparison, the count behind a rate, the currency. */
  hint?: ReactNode;
  tone?: 'default' | 'good' | 'bad';
  testId?: string;
};

/** One number with its name and definition. Use inside a <dl> grid (see StatGrid). */
export function StatCard({ label, value, definition, hint, tone = 'default', testId }: Props) {
  return (
    <div className="relative rounded-xl border border-slate-200 bg-white p-4" data-testid={testId}>
      <dt className="flex items-center gap-1 text-sm text-slate-600">
        <span>{label}</span>
        {definition ? <DefinitionTip term={label}>{definition}</DefinitionTip> : null}
      </dt>
      <dd className={cn('mt-1 break-words text-lg font-bold tabular-nums sm:text-2xl', tone === 'good' && 'text-emerald-700', tone === 'bad' && 'text-red-700')}>{value}</dd>
      {hint ? <dd className="mt-1 text-xs text-slate-500">{hint}</dd> : null}
    </div>
  );
}

export function StatGrid({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      {children}
    </dl>
  );
}
