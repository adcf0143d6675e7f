import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { enrollments, subscriptions } from '@/db/schema';
import { type AccessDecision, type AccessSubscription, decideCourseAccess } from './access';

/** The learner's All-Access subscriptions, as the access rule needs them. */
export async function loadUserSubscriptions(db: Database, userId: string): Promise<AccessSubscription[]> {
  return db
    .select({
      status: subscriptions.status,
      currentPeriodStart: subscriptions.currentPeriodStart,
      currentPeriodEnd: subscriptions.currentPeriodEnd,
      cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
      endedAt: subscriptions.endedAt,
    })
    .from(subscriptions)
    .where(eq(subscriptions.userId, userId));
}

/** May this learner open this course, and if not, why? Every page and action asks this. */
export async function getCourseAccess(db: Database, userId: string, courseId: string, now = new Date()): Promise<AccessDecision> {
  const [rows, subs] = await Promise.all([
    db
      .select({ source: enrollments.source, status: enrollments.status, revokeReason: enrollments.revokeReason })
      .from(enrollments)
      .where(and(eq(enrollments.userId, userId), eq(enrollments.courseId, courseId))),
    loadUserSubscriptions(db, userId),
  ]);
  return decideCourseAccess({ enrollments: rows, subscriptions: subs, now });
}

/** True while any subscription gives All-Access (active, trialing, grace, paid-through cancel). */
export async function hasAllAccess(db: Database, userId: string, now = new Date()): Promise<boolean> {
  const decision = decideCourseAccess({ enrollments: [], subscriptions: await loadUserSubscriptions(db, userId), now });
  return decision.allowed;
}
