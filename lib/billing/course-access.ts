import type { Database } from '@/db/client';
import { findEnrollmentsForAccess } from '@/db/queries/enrollments';
import { listAccessSubscriptions } from '@/db/queries/subscriptions';
import { type AccessDecision, type AccessSubscription, decideCourseAccess } from './access';

/** The learner's All-Access subscriptions, as the access rule needs them. */
export function loadUserSubscriptions(db: Database, userId: string): Promise<AccessSubscription[]> {
  return listAccessSubscriptions(db, userId);
}

/** May this learner open this course, and if not, why? Every page and action asks this. */
export async function getCourseAccess(db: Database, userId: string, courseId: string, now = new Date()): Promise<AccessDecision> {
  const [rows, subs] = await Promise.all([findEnrollmentsForAccess(db, userId, courseId), loadUserSubscriptions(db, userId)]);
  return decideCourseAccess({ enrollments: rows, subscriptions: subs, now });
}

/** True while any subscription gives All-Access (active, trialing, grace, paid-through cancel). */
export async function hasAllAccess(db: Database, userId: string, now = new Date()): Promise<boolean> {
  const decision = decideCourseAccess({ enrollments: [], subscriptions: await loadUserSubscriptions(db, userId), now });
  return decision.allowed;
}
