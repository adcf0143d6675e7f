import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { courses, prices, users } from '@/db/schema';
import { requireAdmin } from '@/lib/auth/guards';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminOverviewPage() {
  await requireAdmin('/admin');
  const db = await getDb();
  const [courseCount, userCount, priceCount] = await Promise.all([db.$count(courses), db.$count(users), db.$count(prices)]);
  const stats = [
    { label: 'Courses', value: courseCount },
    { label: 'Customers and admins', value: userCount },
    { label: 'Prices', value: priceCount },
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
