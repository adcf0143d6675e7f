import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN_NAV, activeAdminHref, visibleAdminNav } from './nav';

const adminGroup = path.join(process.cwd(), 'app', '(admin)');

/** The page file of an href, directly or inside a route group (`payments/(list)/page.tsx`). */
function pageExists(href: string): boolean {
  const dir = path.join(adminGroup, href);
  const groups = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && /^\(.+\)$/.test(e.name)).map((e) => e.name) : [];
  return ['', ...groups].some((group) => ['page.tsx', 'page.ts'].some((file) => existsSync(path.join(dir, group, file))));
}

describe('admin navigation', () => {
  it.each(ADMIN_NAV.map((entry) => [entry.href, entry] as const))('%s is ready exactly when its page exists', (_href, entry) => {
    const exists = pageExists(entry.href);
    const hint = exists
      ? `app/(admin)${entry.href}/page.tsx exists: set ready: true on its entry in app/(admin)/admin/nav.ts`
      : `app/(admin)${entry.href}/page.tsx does not exist: its nav entry must stay ready: false`;
    expect(entry.ready, hint).toBe(exists);
  });

  it('has unique hrefs and labels', () => {
    expect(new Set(ADMIN_NAV.map((e) => e.href)).size).toBe(ADMIN_NAV.length);
    expect(new Set(ADMIN_NAV.map((e) => e.label)).size).toBe(ADMIN_NAV.length);
  });

  it('shows only ready entries', () => {
    const entries = [
      { label: 'A', href: '/admin', description: '', ready: true },
      { label: 'B', href: '/admin/b', description: '', ready: false },
    ];
    expect(visibleAdminNav(entries).map((e) => e.label)).toEqual(['A']);
  });

  it('marks the deepest matching section active', () => {
    const entries = [
      { label: 'Overview', href: '/admin', description: '', ready: true },
      { label: 'Payments', href: '/admin/payments', description: '', ready: true },
    ];
    expect(activeAdminHref('/admin', entries)).toBe('/admin');
    expect(activeAdminHref('/admin/payments/pi_123', entries)).toBe('/admin/payments');
    expect(activeAdminHref('/admin/paymentsx', entries)).toBe('/admin');
    expect(activeAdminHref('/account', entries)).toBeNull();
  });
});
