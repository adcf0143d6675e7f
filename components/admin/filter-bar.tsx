import Link from 'next/link';
import type { ReactNode } from 'react';
import { buttonClass } from '@/components/ui/button';

const control = 'mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm';

/**
 * A GET form: filters live in the URL (shareable, back-button friendly, no JavaScript needed).
 * `keep` carries params the bar does not show (e.g. the date range) through a submit. The
 * cursor is dropped on every submit, so a new filter starts from the first page.
 */
export function FilterBar({ action, keep = {}, resetHref, children, label = 'Filters' }: { action: string; keep?: Record<string, string | undefined>; resetHref: string; children: ReactNode; label?: string }) {
  return (
    <form method="get" action={action} role="search" aria-label={label} className="rounded-xl border border-slate-200 bg-white p-3">
      {Object.entries(keep).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">{children}</div>
      <div className="mt-3 flex items-center gap-3">
        <button type="submit" className={buttonClass('primary', 'py-1.5')}>
          Apply
        </button>
        <Link href={resetHref} className="text-sm font-medium text-slate-600 underline">
          Reset
        </Link>
      </div>
    </form>
  );
}

export function FilterSelect({ name, label, value, options, allLabel = 'All' }: { name: string; label: string; value?: string; options: Array<{ value: string; label: string }>; allLabel?: string }) {
  return (
    <label className="block text-xs font-medium text-slate-700">
      {label}
      <select name={name} defaultValue={value ?? ''} className={control}>
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function FilterSearch({ name = 'q', label, value, placeholder, wide = true }: { name?: string; label: string; value?: string; placeholder?: string; wide?: boolean }) {
  return (
    <label className={wide ? 'col-span-2 block text-xs font-medium text-slate-700' : 'block text-xs font-medium text-slate-700'}>
      {label}
      <input type="search" name={name} defaultValue={value ?? ''} placeholder={placeholder} maxLength={200} className={control} />
    </label>
  );
}
