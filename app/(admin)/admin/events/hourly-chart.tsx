import type { HourlyEventCounts } from '@/db/queries/admin-events';

/**
 * Received and processed per hour as paired bars (plain HTML, no chart library): the table
 * under it carries the same numbers for screen readers and for reading exact values.
 */
export function HourlyChart({ hours }: { hours: HourlyEventCounts[] }) {
  const max = Math.max(1, ...hours.map((h) => Math.max(h.received, h.processed)));
  const label = (h: HourlyEventCounts) => `${h.hour.toISOString().slice(11, 13)}:00`;
  return (
    <figure className="rounded-xl border border-slate-200 bg-white p-4">
      <figcaption className="flex flex-wrap items-center gap-4 text-sm text-slate-600">
        <span>Per hour, last 24 h (UTC)</span>
        <span className="inline-flex items-center gap-1"><span className="h-3 w-3 rounded-sm bg-brand-600" aria-hidden /> received</span>
        <span className="inline-flex items-center gap-1"><span className="h-3 w-3 rounded-sm bg-emerald-500" aria-hidden /> processed</span>
        <span className="inline-flex items-center gap-1"><span className="h-3 w-3 rounded-sm bg-red-600" aria-hidden /> failing</span>
      </figcaption>
      <div className="mt-3 flex h-28 items-end gap-[3px]" aria-hidden>
        {hours.map((h) => (
          <div key={h.hour.toISOString()} className="flex h-full flex-1 items-end gap-px" title={`${label(h)}: ${h.received} received, ${h.processed} processed, ${h.failed} failing`}>
            <div className="w-1/2 rounded-t-sm bg-brand-600" style={{ height: `${(h.received / max) * 100}%` }} />
            <div className="relative w-1/2 rounded-t-sm bg-emerald-500" style={{ height: `${(h.processed / max) * 100}%` }}>
              {h.failed > 0 ? <div className="absolute inset-x-0 -top-1 h-1 bg-red-600" /> : null}
            </div>
          </div>
        ))}
      </div>
      <div className="mt-1 flex justify-between text-xs text-slate-500" aria-hidden>
        <span>{hours[0] ? label(hours[0]) : ''}</span>
        <span>{hours.at(-1) ? label(hours.at(-1) as HourlyEventCounts) : ''}</span>
      </div>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-brand-700">Numbers per hour</summary>
        <div className="mt-2 max-h-64 overflow-auto">
          <table className="w-full text-left tabular-nums">
            <thead>
              <tr className="text-slate-600"><th className="py-1 pr-4 font-medium">Hour (UTC)</th><th className="pr-4 font-medium">Received</th><th className="pr-4 font-medium">Processed</th><th className="font-medium">Failing</th></tr>
            </thead>
            <tbody>
              {hours.map((h) => (
                <tr key={h.hour.toISOString()} className="border-t border-slate-100"><td className="py-1 pr-4">{h.hour.toISOString().slice(0, 13).replace('T', ' ')}:00</td><td className="pr-4">{h.received}</td><td className="pr-4">{h.processed}</td><td>{h.failed}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
