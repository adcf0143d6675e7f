import 'server-only';
import { type Database, getDb } from '@/db/client';
import { findPastDueSubscriptionForUser } from '@/db/queries/account';
import { findEnrollmentsForAccess } from '@/db/queries/enrollments';
import { listCompletedLessonIds } from '@/db/queries/learning';
import { formatAccountDate } from '@/components/account/purchase-format';
import type { SessionUser } from '@/lib/auth/guards';
import { decideCourseAccess } from '@/lib/billing/access';
import { loadUserSubscriptions } from '@/lib/billing/course-access';
import { formatMoney } from '@/lib/billing/money';
import { getCoursePage } from '@/lib/catalog/cached';
import type { Visitor, VisitorCourse, VisitorPastDue } from './types';

/**
 * The signed-in parts of the storefront for this caller only: who they are (header), a failed
 * renewal (banner), their access to one course (purchase panel) and All-Access (pricing).
 * Everything is read for `user.id` from the session; nothing the request names can point at
 * another learner (the course slug only picks which course to check).
 */
export async function describeVisitor(
  user: SessionUser | null,
  options: { courseSlug?: string | null; now?: Date; db?: Database } = {},
): Promise<Visitor> {
  // Anonymous visitors cost nothing: no database, no session lookup (getSessionUser skips
  // Auth.js without a session cookie).
  if (!user) return { signedIn: false };
  const db = options.db ?? (await getDb());
  const now = options.now ?? new Date();
  const course = options.courseSlug ? await getCoursePage(options.courseSlug) : null;
  const [subscriptions, pastDue, enrollments, completed] = await Promise.all([
    loadUserSubscriptions(db, user.id),
    findPastDueSubscriptionForUser(db, user.id),
    course ? findEnrollmentsForAccess(db, user.id, course.id) : [],
    course ? listCompletedLessonIds(db, user.id, course.id) : new Set<string>(),
  ]);
  const allAccess = decideCourseAccess({ enrollments: [], subscriptions, now }).allowed;

  let courseAccess: VisitorCourse | null = null;
  if (course) {
    const decision = decideCourseAccess({ enrollments, subscriptions, now });
    courseAccess = {
      slug: course.slug,
      access: !decision.allowed ? 'none' : decision.via === 'purchase' || decision.via === 'grant' ? 'owned' : 'all-access',
      started: completed.size > 0,
      refunded: !decision.allowed && decision.reason === 'refunded',
    };
  }

  return {
    signedIn: true,
    email: user.email,
    name: user.name,
    isAdmin: user.role === 'admin',
    allAccess,
    pastDue: pastDue ? describePastDue(pastDue, now) : null,
    course: courseAccess,
  };
}

type PastDueRow = NonNullable<Awaited<ReturnType<typeof findPastDueSubscriptionForUser>>>;

function describePastDue(subscription: PastDueRow, now: Date): VisitorPastDue {
  // The access date comes from the one access rule, so the banner and the lesson pages agree.
  const access = decideCourseAccess({ enrollments: [], subscriptions: [subscription], now });
  const graceEnds = access.allowed && access.via === 'grace_period' ? access.until : null;
  const payUrl = subscription.hostedInvoiceUrl && /^https?:\/\//i.test(subscription.hostedInvoiceUrl) ? subscription.hostedInvoiceUrl : null;
  return {
    plan: subscription.planName ?? 'subscription',
    graceEndsAt: graceEnds ? graceEnds.toISOString() : null,
    graceEndsLabel: graceEnds ? formatAccountDate(graceEnds) : null,
    payUrl,
    amountDue: subscription.amountDue && subscription.currency ? formatMoney({ amount: subscription.amountDue, currency: subscription.currency }) : null,
  };
}
