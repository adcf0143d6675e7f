'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { cn } from '@/components/ui/cn';
import { activeAdminHref } from '@/app/(admin)/admin/nav';

export type AdminNavLink = { label: string; href: string; description: string };

function NavList({ links, current, onNavigate }: { links: AdminNavLink[]; current: string | null; onNavigate?: () => void }) {
  return (
    <ul className="space-y-0.5">
      {links.map((link) => {
        const active = link.href === current;
        return (
          <li key={link.href}>
            <Link
              href={link.href}
              title={link.description}
              aria-current={active ? 'page' : undefined}
              onClick={onNavigate}
              className={cn(
                'block rounded-lg px-3 py-2 text-sm font-medium',
                active ? 'bg-brand-50 text-brand-700' : 'text-slate-700 hover:bg-slate-100',
              )}
            >
              {link.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The admin sections: a sidebar from `lg` up; below it a "Menu" disclosure (a native
 * <details>, so it opens by keyboard and without JavaScript) that closes after a choice.
 */
export function AdminNav({ links }: { links: AdminNavLink[] }) {
  const pathname = usePathname();
  const current = activeAdminHref(pathname, links);
  const drawer = useRef<HTMLDetailsElement>(null);
  const currentLabel = links.find((l) => l.href === current)?.label ?? 'Admin';

  // A client-side navigation keeps the layout mounted: close the drawer when the page changes.
  useEffect(() => {
    if (drawer.current) drawer.current.open = false;
  }, [pathname]);

  return (
    <>
      <details ref={drawer} className="group relative lg:hidden" data-testid="admin-nav-drawer">
        <summary className="flex cursor-pointer list-none items-center justify-between rounded-lg border border-slate-200 bg-white px-4 py-2.5 text-sm font-semibold [&::-webkit-details-marker]:hidden">
          <span>
            <span className="text-slate-500">Admin · </span>
            {currentLabel}
          </span>
          <span aria-hidden className="text-slate-500 transition-transform group-open:rotate-180">
            ▾
          </span>
          <span className="sr-only">Open the admin menu</span>
        </summary>
        <nav aria-label="Admin sections" className="absolute inset-x-0 z-30 mt-1 rounded-lg border border-slate-200 bg-white p-2 shadow-lg">
          <NavList links={links} current={current} onNavigate={() => drawer.current?.removeAttribute('open')} />
        </nav>
      </details>
      <nav aria-label="Admin sections" className="hidden lg:block">
        <p className="px-3 pb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Admin</p>
        <NavList links={links} current={current} />
      </nav>
    </>
  );
}
