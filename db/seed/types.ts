import type { CourseLevel, CourseStatus } from '../schema';

export type SeedLesson = { title: string; minutes: number; body: string; preview?: boolean };

export type SeedCourse = {
  slug: string;
  title: string;
  summary: string;
  description: string;
  level: CourseLevel;
  category: string;
  /** Shown on the catalog card and the course page (fictional people). */
  instructor: string;
  status?: CourseStatus;
  /** Price tier in USD cents; EUR and JPY come from the same tier (see PRICE_TIERS). */
  tier: keyof typeof PRICE_TIERS;
  lessons: SeedLesson[];
};

// Per-currency "shelf" prices rather than FX conversions, as real stores set them.
// JPY is zero-decimal: 4800 means ¥4,800.
export const PRICE_TIERS = {
  2900: { usd: 2900, eur: 2700, jpy: 3200 },
  4900: { usd: 4900, eur: 4500, jpy: 4800 },
  7900: { usd: 7900, eur: 7400, jpy: 8800 },
  9900: { usd: 9900, eur: 9200, jpy: 12000 },
} as const;

export const SEED_CURRENCIES = ['usd', 'eur', 'jpy'] as const;
export type SeedCurrency = (typeof SEED_CURRENCIES)[number];

export const ALL_ACCESS = {
  slug: 'all-access',
  name: 'All-Access',
  description:
    'Every published course, including new ones as they launch, for one subscription. Cancel any time; access runs to the end of the paid period.',
  prices: {
    month: { usd: 1900, eur: 1800, jpy: 2000 },
    year: { usd: 19000, eur: 18000, jpy: 20000 },
  },
} as const;

export const DEMO_USERS = [
  { email: 'admin@bursar.test', name: 'Ada Admin', role: 'admin' },
  { email: 'learner@bursar.test', name: 'Lee Learner', role: 'learner' },
] as const;
