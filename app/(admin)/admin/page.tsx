import type { Metadata } from 'next';
import { PageHeader } from '@/components/admin/page-header';
import { StatCard, StatGrid } from '@/components/admin/stat-card';
import { getDb } from '@/db/client';
import { countStoreOverview } from '@/db/queries/admin';
import { requireAdmin } from '@/lib/auth/guards';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminOverviewPage() {
  await requireAdmin('/admin');
  const counts = await countStoreOverview(await getDb());
  return (
    <div>
      <PageHeader title="Store overview" description="Revenue, MRR and what needs attention." />
      <StatGrid label="Store counts">
        <StatCard label="Courses" value={counts.courses} definition="Every course in the catalog, whatever its status (draft, published, unlisted, archived)." />
        <StatCard label="Users" value={counts.users} definition="Every account: learners and admins." />
        <StatCard label="Prices" value={counts.prices} definition="Every price row, active and archived, in every currency." />
      </StatGrid>
    </div>
  );
}
