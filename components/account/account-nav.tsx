'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { cn } from '@/components/ui/cn';

const LINKS = [
  { href: '/account', label: 'My courses' },
  { href: '/account/purchases', label: 'Purchases' },
  { href: '/account/subscription', label: 'Subscription' },
  { href: '/account/payment-methods', label: 'Payment methods' },
  { href: '/account/notifications', label: 'Notifications' },
  { href: '/account/profile', label: 'Profile' },
];

/**
 * Section navigation for the account; the current page is marked for screen readers too.
 * On a phone the tabs scroll sideways: the current one is scrolled into view, and a fade with an
 * arrow at the edge shows there are more.
 */
export function AccountNav() {
  const pathname = usePathname();
  const scroller = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState({ before: false, after: true });

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const update = () =>
      setMore({ before: element.scrollLeft > 4, after: element.scrollLeft + element.clientWidth < element.scrollWidth - 4 });
    element.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'center' });
    update();
    element.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    return () => {
      element.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
    };
  }, [pathname]);

  return (
    <nav aria-label="Account" className="relative -mx-4 min-w-0 lg:mx-0">
      <div ref={scroller} className="overflow-x-auto px-4 [scrollbar-width:thin] lg:overflow-visible lg:px-0">
        <ul className="flex gap-1 pr-8 lg:flex-col lg:pr-0">
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
      </div>
      {/* Scroll cues, phone only: a fade and an arrow on the side with more tabs. */}
      <div
        aria-hidden
        data-testid="tabs-more-after"
        className={cn(
          'pointer-events-none absolute inset-y-0 right-0 flex w-12 items-center justify-end bg-gradient-to-l from-slate-50 via-slate-50/90 to-transparent pr-1 text-slate-500 transition-opacity lg:hidden',
          more.after ? 'opacity-100' : 'opacity-0',
        )}
      >
        ›
      </div>
      <div
        aria-hidden
        className={cn(
          'pointer-events-none absolute inset-y-0 left-0 flex w-10 items-center bg-gradient-to-r from-slate-50 via-slate-50/90 to-transparent pl-1 text-slate-500 transition-opacity lg:hidden',
          more.before ? 'opacity-100' : 'opacity-0',
        )}
      >
        ‹
      </div>
    </nav>
  );
}
