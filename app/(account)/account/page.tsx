import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { requireUser } from '@/lib/auth/guards';

export const metadata: Metadata = { title: 'My account' };

export default async function AccountPage() {
  const user = await requireUser('/account');
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-bold tracking-tight">My account</h1>
        <p className="mt-1 text-slate-600">
          Signed in as <strong data-testid="account-email">{user.email}</strong>
          {user.role === 'admin' ? ' (administrator)' : ''}.
        </p>
      </div>
      <section aria-labelledby="purchases" className="space-y-3">
        <h2 id="purchases" className="text-xl font-semibold">Purchases</h2>
        <EmptyState title="No purchases yet">
          <Link href="/" className="font-medium text-brand-600 hover:underline">Browse courses</Link> to find your first one.
        </EmptyState>
      </section>
    </div>
  );
}
