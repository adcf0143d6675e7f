import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { RANGE_PRESETS, type DateRange } from '@/lib/admin/date-range';
import { hrefWith, type SearchParams } from '@/lib/admin/search-params';

/**
 * Preset links plus a custom from/to form. Everything lives in the URL (`range`, `from`, `to`),
 * so other params on the page are kept and the page works without JavaScript. Read it back
 * with `parseDateRange` from `lib/admin/date-range.ts`.
 */
export function DateRangePicker({ path, params, range, invalid }: { path: string; params: SearchParams; range: DateRange; invalid?: string }) {
  const cleared = { range: undefined, from: undefined, to: undefined, after: undefined, before: undefined };
  return (
    <div className="space-y-2" data-testid="date-range">
      <div className="-mx-1 flex gap-1 overflow-x-auto px-1 pb-1" role="group" aria-label="Date range presets">
        {RANGE_PRESETS.map((preset) => {
          const active = range.preset === preset.id;
          return (
            <Link
              key={preset.id}
              href={hrefWith(path, params, { ...cleared, range: preset.id })}
              aria-current={active ? 'true' : undefined}
              className={cn('whitespace-nowrap rounded-full px-3 py-1 text-xs font-medium ring-1', active ? 'bg-brand-600 text-white ring-brand-600' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50')}
            >
              {preset.label}
            </Link>
          );
        })}
      </div>
      <details className="group" open={range.preset === 'custom' || Boolean(invalid)}>
        <summary className="cursor-pointer text-xs font-medium text-slate-600">
          {range.preset === 'custom' ? `Custom: ${range.label}` : 'Custom range…'} <span className="text-slate-400">(UTC days)</span>
        </summary>
        <form method="get" action={path} className="mt-2 flex flex-wrap items-end gap-2">
          {Object.entries(params).map(([name, raw]) => {
            const value = Array.isArray(raw) ? raw[0] : raw;
            if (!value || name in cleared) return null;
            return <input key={name} type="hidden" name={name} value={value} />;
          })}
          <input type="hidden" name="range" value="custom" />
          <label className="text-xs font-medium text-slate-700">
            From
            <input type="date" name="from" required defaultValue={range.fromDay} className="mt-1 block rounded-lg border border-slate-300 px-2 py-1.5 text-sm" />
          </label>
          <label className="text-xs font-medium text-slate-700">
            To
            <input type="date" name="to" required defaultValue={range.toDay} className="mt-1 block rounded-lg border border-slate-300 px-2 py-1.5 text-sm" />
          </label>
          <button type="submit" className={buttonClass('secondary', 'py-1.5')}>
            Show
          </button>
        </form>
      </details>
      {invalid ? (
        <p role="alert" className="text-sm text-amber-800">
          {invalid}
        </p>
      ) : null}
    </div>
  );
}
