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
