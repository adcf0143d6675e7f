/**
 * The admin navigation: ONE list, in display order, that every admin section declares itself in.
 *
 * How to add your section (helpers building admin pages):
 *   1. Build `app/(admin)/admin/<segment>/page.tsx` (or in a route group below it,
 *      `<segment>/(list)/page.tsx`, to keep a loading.tsx off its child routes).
 *   2. In the SAME commit, set `ready: true` on your entry below (the entry already exists; if
 *      your section is new, add an entry of the same shape where it belongs in the order).
 *   That is all: the layout shows only `ready` entries, on desktop as a sidebar and at 390 px
 *   as a "Menu" drawer.
 *
 * `nav.unit.test.ts` keeps this honest: an entry is `ready` exactly when its page file exists,
 * so a link never 404s and a built page is never left out of the navigation.
 *
 * Entries are separated by blank lines on purpose: two helpers flipping neighbouring entries
 * then never produce a git conflict.
 */
export type AdminNavEntry = {
  /** Shown in the navigation. */
  label: string;
  /** The page's URL; its page file is `app/(admin)<href>/page.tsx`. */
  href: string;
  /** One line saying what the section is for (the link's title and the menu's hint). */
  description: string;
  /** True once the page exists. Only ready entries are shown. */
  ready: boolean;
};

export const ADMIN_NAV: readonly AdminNavEntry[] = [
  {
    label: 'Overview',
    href: '/admin',
    description: 'Revenue, MRR and what needs attention',
    ready: true,
  },

  {
    label: 'Alerts',
    href: '/admin/alerts',
    description: 'Disputes, failed refunds and payouts, webhook trouble',
    ready: true,
  },

  {
    label: 'Payments',
    href: '/admin/payments',
    description: 'Every payment, searchable and exportable; refunds',
    ready: true,
  },

  {
    label: 'Refunds',
    href: '/admin/refunds',
    description: 'Refunds issued from Stripe or the dashboard, failed first',
    ready: true,
  },

  {
    label: 'Disputes',
    href: '/admin/disputes',
    description: 'Open disputes by response deadline, with evidence',
    ready: true,
  },

  {
    label: 'Subscriptions',
    href: '/admin/subscriptions',
    description: 'All-Access subscribers, past due first',
    ready: true,
  },

  {
    label: 'Learners',
    href: '/admin/learners',
    description: 'Find a learner: payments, enrollments, access',
    ready: true,
  },

  {
    label: 'Courses',
    href: '/admin/courses',
    description: 'Courses, lessons and prices',
    ready: true,
  },

  {
    label: 'Coupons',
    href: '/admin/coupons',
    description: 'Coupons and promotion codes',
    ready: true,
  },

  {
    label: 'Events',
    href: '/admin/events',
    description: 'Stripe webhook events, failures and replay',
    ready: true,
  },

  {
    label: 'Notifications',
    href: '/admin/notifications',
    description: 'The outbox: queued, sent, failed',
    ready: true,
  },

  {
    label: 'Audit',
    href: '/admin/audit',
    description: 'Who changed what, before and after',
    ready: true,
  },

  {
    label: 'Email templates',
    href: '/admin/emails',
    description: 'Every message Bursar sends, with sample data; send them all to yourself',
    ready: true,
  },

  {
    label: 'Settings',
    href: '/admin/settings',
    description: 'Seller details, refund policy, dunning',
    ready: true,
  },

  {
    label: 'Health',
    href: '/admin/health',
    description: 'Database, webhook lag, jobs',
    ready: true,
  },

  {
    label: 'Reconciliation',
    href: '/admin/reconciliation',
    description: 'Bursar against Stripe, mismatches',
    ready: true,
  },
];

/** The entries the layout shows. */
export function visibleAdminNav(entries: readonly AdminNavEntry[] = ADMIN_NAV): AdminNavEntry[] {
  return entries.filter((entry) => entry.ready);
}

/** The entry a path belongs to: the longest href that is the path or a parent of it. */
export function activeAdminHref(pathname: string, entries: readonly { href: string }[] = ADMIN_NAV): string | null {
  let best: string | null = null;
  for (const { href } of entries) {
    const matches = pathname === href || pathname.startsWith(`${href}/`);
    if (matches && (best === null || href.length > best.length)) best = href;
  }
  return best;
}
