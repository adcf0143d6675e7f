'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/components/ui/cn';

const LINKS = [
  { href: '/account', label: 'My courses' },
  { href: '/account/purchases', label: 'Purchases' },
  { href: '/account/subscription', label: 'Subscription' },
  { href: '/account/payment-methods', label: 'Payment methods' },
  { href: '/account/notifications', label: 'Notifications' },
  { href: '/account/profile', label: 'Profile' },
];

/** Section navigation for the account; the current page is marked for screen readers too. */
export function AccountNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Account" className="-mx-4 overflow-x-auto px-4 lg:mx-0 lg:px-0">
      <ul className="flex gap-1 lg:flex-col">
        {LINKS.map((link) => {
          const current = link.href === '/account' ? pathname === '/account' : pathname.startsWith(link.href);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? 'page' : undefined}
                className={cn(
                  'block whitespace-nowrap rounded-lg px-3 py-2 text-sm font-medium',
                  current ? 'bg-brand-50 text-brand-700' : 'text-slate-700 hover:bg-slate-100',
                )}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
