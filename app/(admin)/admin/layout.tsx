import type { ReactNode } from 'react';
import { Suspense } from 'react';
import { AdminNav } from '@/components/admin/admin-nav';
import { requireAdmin } from '@/lib/auth/guards';
import { visibleAdminNav } from './nav';

/**
 * Every admin page sits in this shell. The admin check runs here on the server (a learner gets
 * the 403 page, a visitor the sign-in page) AND in every page and action itself: a layout does
 * not re-run on client navigation and never guards a server action.
 */
export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <Suspense fallback={<ShellSkeleton />}>
      <AdminShell>{children}</AdminShell>
    </Suspense>
  );
}

async function AdminShell({ children }: { children: ReactNode }) {
  await requireAdmin('/admin');
  const links = visibleAdminNav().map(({ label, href, description }) => ({ label, href, description }));
  return (
    <div className="lg:grid lg:grid-cols-[12rem_minmax(0,1fr)] lg:gap-8">
      <aside className="mb-6 lg:mb-0">
        <div className="lg:sticky lg:top-4">
          <AdminNav links={links} />
        </div>
      </aside>
      <div className="min-w-0">{children}</div>
    </div>
  );
}

function ShellSkeleton() {
  return (
    <div className="lg:grid lg:grid-cols-[12rem_minmax(0,1fr)] lg:gap-8" aria-busy="true">
      <div className="mb-6 h-10 animate-pulse rounded-lg bg-slate-200 lg:h-80" />
      <div className="h-64 animate-pulse rounded-xl bg-slate-200" />
    </div>
  );
}
