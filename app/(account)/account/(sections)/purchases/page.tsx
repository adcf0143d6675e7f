import type { Metadata } from 'next';
import Link from 'next/link';
import { PurchaseList } from '@/components/account/purchase-list';
import { EmptyState } from '@/components/ui/empty-state';
import { getDb } from '@/db/client';
import { listPurchasesForUser } from '@/db/queries/account';
import { requireUser } from '@/lib/auth/guards';

export const metadata: Metadata = { title: 'Purchases' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PurchasesPage({ searchParams }: Props) {
  const user = await requireUser('/account/purchases');
  const { before } = await searchParams;
  const cursor = typeof before === 'string' ? before : null;
  const { items, nextCursor } = await listPurchasesForUser(await getDb(), { userId: user.id, before: cursor });

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-bold tracking-tight">Purchases</h1>
        <p className="mt-1 text-slate-600">Every payment you have made, newest first, with its receipt. Attempts that did not go through are listed apart.</p>
      </div>
      {items.length === 0 ? (
        cursor ? (
          <EmptyState title="No older purchases">
            <Link href="/account/purchases" className="font-medium text-brand-600 hover:underline">Back to your latest purchases</Link>
          </EmptyState>
        ) : (
          <EmptyState title="No purchases yet — browse courses">
            <Link href="/" className="font-medium text-brand-600 hover:underline">Browse courses</Link> or try{' '}
            <Link href="/pricing" className="font-medium text-brand-600 hover:underline">All-Access</Link>.
          </EmptyState>
        )
      ) : (
        <PurchaseList purchases={items} />
      )}
      {cursor || nextCursor ? (
        <nav aria-label="Purchases pages" className="flex justify-between text-sm font-semibold">
          {cursor ? <Link href="/account/purchases" className="text-brand-600 hover:underline">← Newest</Link> : <span />}
          {nextCursor ? (
            <Link href={`/account/purchases?before=${nextCursor}`} className="text-brand-600 hover:underline">Older →</Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
