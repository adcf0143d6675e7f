import Link from 'next/link';
import type { ReactNode } from 'react';
import { cn } from '@/components/ui/cn';

export type Column<Row> = {
  /** Stable key for React and tests (`data-col`). */
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  align?: 'left' | 'right';
  /** Hidden below `sm` (390 px phones) to keep the essentials on screen. */
  hideOnMobile?: boolean;
  className?: string;
};

type Props<Row> = {
  /** What the table lists; read by screen readers (visually hidden). */
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  /** Keyset pagination: hrefs for the newer / older page, or null at either end. */
  pagination?: { prevHref: string | null; nextHref: string | null; summary?: ReactNode };
  /** Rendered instead of the table when there are no rows (use AdminEmptyState). */
  empty: ReactNode;
  testId?: string;
};

/**
 * A server-rendered table. Wide tables scroll sideways inside their box (with a fade and a
 * hint on small screens) rather than widening the page. Pagination is keyset-based: links carry
 * a cursor (`after`/`before`), never an offset.
 */
export function DataTable<Row>({ caption, columns, rows, rowKey, pagination, empty, testId }: Props<Row>) {
  if (rows.length === 0) return <>{empty}</>;
  return (
    <div className="space-y-3" data-testid={testId}>
      <div className="relative rounded-xl border border-slate-200 bg-white">
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={caption}>
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">{caption}</caption>
            <thead className="bg-slate-50">
              <tr>
                {columns.map((col) => (
                  <th
                    key={col.key}
                    scope="col"
                    className={cn('whitespace-nowrap px-3 py-2 font-semibold text-slate-700', col.align === 'right' ? 'text-right' : 'text-left', col.hideOnMobile && 'hidden sm:table-cell')}
                  >
                    {col.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={rowKey(row)} className="hover:bg-slate-50">
                  {columns.map((col) => (
                    <td
                      key={col.key}
                      data-col={col.key}
                      className={cn('px-3 py-2 align-top', col.align === 'right' ? 'text-right' : 'text-left', col.hideOnMobile && 'hidden sm:table-cell', col.className)}
                    >
                      {col.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div aria-hidden className="pointer-events-none absolute inset-y-0 right-0 w-6 rounded-r-xl bg-gradient-to-l from-white sm:hidden" />
      </div>
      <p className="text-xs text-slate-500 sm:hidden" aria-hidden>
        Scroll the table sideways for more columns →
      </p>
      {pagination ? <KeysetPagination {...pagination} /> : null}
    </div>
  );
}

/** "← Newer" / "Older →" links; a disabled end is shown as plain text, not a dead link. */
export function KeysetPagination({ prevHref, nextHref, summary }: { prevHref: string | null; nextHref: string | null; summary?: ReactNode }) {
  const base = 'rounded-lg px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300';
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-2">
      <div className="text-sm text-slate-600">{summary}</div>
      <div className="flex gap-2">
        {prevHref ? (
          <Link href={prevHref} rel="prev" className={cn(base, 'bg-white hover:bg-slate-50')}>
            ← Newer
          </Link>
        ) : (
          <span className={cn(base, 'text-slate-400')} aria-disabled="true">
            ← Newer
          </span>
        )}
        {nextHref ? (
          <Link href={nextHref} rel="next" className={cn(base, 'bg-white hover:bg-slate-50')}>
            Older →
          </Link>
        ) : (
          <span className={cn(base, 'text-slate-400')} aria-disabled="true">
            Older →
          </span>
        )}
      </div>
    </nav>
  );
}
