import Link from 'next/link';
import type { ReactNode } from 'react';

/**
 * Nothing to show. Say why (no data yet, or the filters exclude everything) and offer the way
 * out: `clearHref` adds a "Clear filters" link.
 */
export function AdminEmptyState({ title, children, clearHref }: { title: string; children?: ReactNode; clearHref?: string }) {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center" data-testid="admin-empty">
      <h2 className="text-base font-semibold">{title}</h2>
      {children ? <div className="mt-2 text-sm text-slate-600">{children}</div> : null}
      {clearHref ? (
        <Link href={clearHref} className="mt-4 inline-block text-sm font-medium text-brand-700 underline">
          Clear filters
        </Link>
      ) : null}
    </div>
  );
}
