import type { Database } from '../client';
import { courses, prices, users } from '../schema';

export type StoreOverviewCounts = { courses: number; users: number; prices: number };

/** Row counts for the admin overview: every course, user (learners and admins) and price. */
export async function countStoreOverview(db: Database): Promise<StoreOverviewCounts> {
  const [courseCount, userCount, priceCount] = await Promise.all([db.$count(courses), db.$count(users), db.$count(prices)]);
  return { courses: courseCount, users: userCount, prices: priceCount };
}
