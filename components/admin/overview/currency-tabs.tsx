import Link from 'next/link';
import { cn } from '@/components/ui/cn';
import { hrefWith, type SearchParams } from '@/lib/admin/search-params';

/** One link per currency: the overview shows one currency at a time and never adds them up. */
export function CurrencyTabs({ currencies, current, params }: { currencies: string[]; current: string; params: SearchParams }) {
  return (
    <nav aria-label="Currency" className="flex flex-wrap gap-2">
      {currencies.map((c) => (
        <Link
          key={c}
          href={hrefWith('/admin', params, { currency: c })}
          aria-current={c === current ? 'page' : undefined}
          className={cn('rounded-lg px-3 py-1.5 text-sm font-semibold ring-1', c === current ? 'bg-ink text-white ring-ink' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50')}
        >
          {c.toUpperCase()}
        </Link>
      ))}
    </nav>
  );
}
