import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { countStoreOverview } from '@/db/queries/admin';
import { requireAdmin } from '@/lib/auth/guards';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminOverviewPage() {
  await requireAdmin('/admin');
  const counts = await countStoreOverview(await getDb());
  const stats = [
    { label: 'Courses', value: counts.courses },
    { label: 'Customers and admins', value: counts.users },
    { label: 'Prices', value: counts.prices },
  ];
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold tracking-tight">Store overview</h1>
      <dl className="grid gap-4 sm:grid-cols-3">
        {stats.map((stat) => (
          <div key={stat.label} className="rounded-xl border border-slate-200 bg-white p-5">
            <dt className="text-sm text-slate-600">{stat.label}</dt>
            <dd className="mt-1 text-3xl font-bold tabular-nums">{stat.value}</dd>
          </div>
        ))}
      </dl>
      <p className="text-sm text-slate-600">Revenue, payments and the rest of the dashboard arrive with the billing work.</p>
    </div>
  );
}
