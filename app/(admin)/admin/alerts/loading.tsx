export default function Loading() {
  return (
    <div className="space-y-6" aria-busy="true" aria-label="Loading alerts">
      <div className="h-10 w-48 animate-pulse rounded bg-slate-200" />
      <div className="h-64 animate-pulse rounded-xl bg-slate-200" />
    </div>
  );
}
