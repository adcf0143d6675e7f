import type { ReactNode } from 'react';
import { AdminNav } from '@/components/admin/admin-nav';
import { requireAdmin } from '@/lib/auth/guards';
import { visibleAdminNav } from './nav';

/**
 * Every admin page sits in this shell. The admin check runs here on the server, BEFORE anything
 * streams, so a learner gets a real 403 (and a visitor the sign-in redirect) rather than a 200
 * carrying the 403 page. It runs again in every page and action: a layout does not re-run on
 * client navigation and never guards a server action.
 *
 * With Cache Components on, this await makes every admin route dynamic, which they are anyway
 * (per-request data behind a role check).
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
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
