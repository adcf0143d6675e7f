/**
 * What an admin page shows while its data loads: wrap the slow part of a page in
 * `<Suspense fallback={<AdminSkeleton />}>`. (There is no admin-wide loading.tsx on purpose: it
 * would start streaming before a page can answer 404 or 403 with the right status.)
 */
export function AdminSkeleton({ cards = 4, label = 'Loading…' }: { cards?: number; label?: string }) {
  return (
    <div role="status" aria-live="polite" className="space-y-6" data-testid="admin-loading">
      <span className="sr-only">{label}</span>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {Array.from({ length: cards }, (_, i) => (
          <div key={i} className="h-24 animate-pulse rounded-xl bg-slate-200" />
        ))}
      </div>
      <div className="h-72 animate-pulse rounded-xl bg-slate-200" />
    </div>
  );
}

/**
 * A list page's placeholder (a route's loading.tsx): the filter bar and table rows as grey
 * blocks, with an announced label. Use it only for routes without child segments that can
 * 404 (see above).
 */
export function TableSkeleton({ rows = 8, label = 'Loading…' }: { rows?: number; label?: string }) {
  return (
    <div role="status" aria-live="polite" aria-busy="true" className="space-y-4" data-testid="admin-loading">
      <span className="sr-only">{label}</span>
      <div className="h-9 w-48 animate-pulse rounded bg-slate-200" />
      <div className="h-28 animate-pulse rounded-xl bg-slate-200" />
      <div className="overflow-hidden rounded-xl border border-slate-200 bg-white">
        <div className="h-10 animate-pulse bg-slate-100" />
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="flex items-center gap-4 border-t border-slate-100 px-4 py-3">
            <div className="h-4 w-28 animate-pulse rounded bg-slate-200" />
            <div className="h-4 flex-1 animate-pulse rounded bg-slate-200" />
            <div className="h-4 w-20 animate-pulse rounded bg-slate-200" />
            <div className="h-5 w-16 animate-pulse rounded-full bg-slate-200" />
          </div>
        ))}
      </div>
    </div>
  );
}
