import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/admin/page-header';
import { getDb } from '@/db/client';
import { countLiveSubscriptionsByPrice, findPlanBySlug, listOwnerPrices } from '@/db/queries/admin-prices';
import { requireAdmin } from '@/lib/auth/guards';
import { SUPPORTED_CURRENCIES } from '@/lib/billing/currencies';
import { PriceTable } from '../price-table';

export const metadata: Metadata = { title: 'All-Access prices' };

export default async function PlanPricesPage() {
  await requireAdmin('/admin/courses/plan');
  const db = await getDb();
  const plan = await findPlanBySlug(db, 'all-access');
  if (!plan) notFound();
  const prices = await listOwnerPrices(db, { kind: 'plan', id: plan.id });
  const subscribers = await countLiveSubscriptionsByPrice(db, prices.map((p) => p.id));
  const owner = { ownerKind: 'plan' as const, ownerId: plan.id };
  return (
    <div className="max-w-3xl space-y-8">
      <div>
        <Link href="/admin/courses" className="text-sm font-semibold text-brand-600 hover:underline">← Courses</Link>
        <PageHeader title={`${plan.name} prices`} description="Monthly and yearly, per currency. Existing subscribers keep their price until you move them (with the proration you choose)." />
      </div>
      <section aria-labelledby="monthly" className="space-y-3">
        <h2 id="monthly" className="text-xl font-semibold">Monthly</h2>
        <PriceTable owner={owner} prices={prices} subscribers={subscribers} currencies={SUPPORTED_CURRENCIES} interval="month" />
      </section>
      <section aria-labelledby="yearly" className="space-y-3">
        <h2 id="yearly" className="text-xl font-semibold">Yearly</h2>
        <PriceTable owner={owner} prices={prices} subscribers={subscribers} currencies={SUPPORTED_CURRENCIES} interval="year" />
      </section>
    </div>
  );
}
