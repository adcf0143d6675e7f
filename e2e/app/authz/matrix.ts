// The authorization matrix: for every route and every server action, what each kind of caller
// gets. "learner" owns the fixtures (a course, a receipt, a subscription, a mailbox message);
// "otherLearner" is signed in but owns none of them. The spec reads the route tree and the
// build's action manifest and fails when an entry is missing or stale.

export const ROLES = ['anonymous', 'learner', 'otherLearner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What the learner owns; created through the real flows before the matrix runs. */
export type Fixtures = {
  courseSlug: string;
  /** A lesson of that course that is not a free preview. */
  lessonPath: string;
  lessonId: string;
  receiptId: string;
  checkoutSessionId: string;
  subscriptionId: string;
  mailboxMessageId: string;
  /** The learner's users.id (the admin pages about them). */
  learnerId: string;
};

export type PageOutcome =
  /** Sent to sign in and back (the proxy or requireUser). */
  | 'sign-in'
  /** This status; with `contains`, the body must hold that text (e.g. a closed-course notice). */
  | { status: number; contains?: string }
  /** Sent elsewhere (a signed-in visitor on the sign-in page goes to their account). */
  | { redirect: string };

export type RouteRequest = { method?: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };
export type RouteEntry = { request: (fx: Fixtures) => RouteRequest; expect: Record<Role, PageOutcome> };

const ok = { status: 200 } as const;
const all = (outcome: PageOutcome): Record<Role, PageOutcome> => ({ anonymous: outcome, learner: outcome, otherLearner: outcome, admin: outcome });
const signedIn = (outcome: PageOutcome = ok): Record<Role, PageOutcome> => ({ anonymous: 'sign-in', learner: outcome, otherLearner: outcome, admin: outcome });
const ownerOnly: Record<Role, PageOutcome> = { anonymous: 'sign-in', learner: ok, otherLearner: { status: 404 }, admin: { status: 404 } };
const adminOnly: Record<Role, PageOutcome> = { anonymous: 'sign-in', learner: { status: 403 }, otherLearner: { status: 403 }, admin: ok };
const get = (path: string) => () => ({ path });
const UNKNOWN_ID = '00000000-0000-4000-8000-00000000c0de';

export const ROUTES: Record<string, RouteEntry> = {
  '/': { request: get('/'), expect: all(ok) },
  '/courses/[slug]': { request: (fx) => ({ path: `/courses/${fx.courseSlug}` }), expect: all(ok) },
  '/pricing': { request: get('/pricing'), expect: all(ok) },
  '/about': { request: get('/about'), expect: all(ok) },
  '/robots.txt': { request: get('/robots.txt'), expect: all(ok) },
  // Buy after signing in: on to Checkout (303 to the hosted page), or back when there is nothing to buy.
  '/checkout/start': {
    request: get('/checkout/start?kind=plan&planSlug=all-access&interval=month&currency=usd'),
    expect: { anonymous: 'sign-in', learner: { redirect: '/pricing' }, otherLearner: { status: 303 }, admin: { status: 303 } },
  },
  '/sign-in': { request: get('/sign-in'), expect: { anonymous: ok, learner: { redirect: '/account' }, otherLearner: { redirect: '/account' }, admin: { redirect: '/account' } } },
  '/sign-in/check-email': { request: get('/sign-in/check-email'), expect: all(ok) },
  // The session id in the URL proves nothing: only the learner who started it sees it.
  '/checkout/success': {
    request: (fx) => ({ path: `/checkout/success?session_id=${fx.checkoutSessionId}` }),
    expect: { anonymous: 'sign-in', learner: ok, otherLearner: { status: 404 }, admin: { status: 404 } },
  },
  '/learn/[slug]': { request: (fx) => ({ path: `/learn/${fx.courseSlug}` }), expect: signedIn() },
  // Everyone signed in gets the page; only the owner gets the lesson, the others why not.
  '/learn/[slug]/[lesson]': {
    request: (fx) => ({ path: fx.lessonPath }),
    expect: {
      anonymous: 'sign-in',
      learner: { status: 200, contains: 'Mark complete' },
      otherLearner: { status: 200, contains: 'closed-reason' },
      admin: { status: 200, contains: 'closed-reason' },
    },
  },
  '/account': { request: get('/account'), expect: signedIn() },
  '/account/notifications': { request: get('/account/notifications'), expect: signedIn() },
  '/account/payment-methods': { request: get('/account/payment-methods'), expect: signedIn() },
  '/account/profile': { request: get('/account/profile'), expect: signedIn() },
  '/account/purchases': { request: get('/account/purchases'), expect: signedIn() },
  '/account/subscription': { request: get('/account/subscription'), expect: signedIn() },
  // Admins read receipts through the dashboard, not by opening a learner's own page.
  '/account/receipts/[id]': { request: (fx) => ({ path: `/account/receipts/${fx.receiptId}` }), expect: ownerOnly },
  '/admin': { request: get('/admin'), expect: adminOnly },
  '/admin/emails': { request: get('/admin/emails'), expect: adminOnly },
  '/admin/alerts': { request: get('/admin/alerts?show=acknowledged'), expect: adminOnly },
  '/admin/disputes': { request: get('/admin/disputes?tab=closed'), expect: adminOnly },
  // Any uuid: a non-admin is refused by the layout before anything streams; for the admin an
  // unknown dispute is a real 404 (no loading boundary above it since the admin-wide one went).
  '/admin/disputes/[id]': { request: () => ({ path: '/admin/disputes/00000000-0000-4000-8000-000000000000' }), expect: { ...adminOnly, admin: { status: 404 } } },
  '/admin/subscriptions': { request: get('/admin/subscriptions?status=active'), expect: adminOnly },
  '/admin/subscriptions/[id]': { request: (fx) => ({ path: `/admin/subscriptions/${fx.subscriptionId}` }), expect: adminOnly },
  '/admin/learners': { request: get('/admin/learners?q=authz'), expect: adminOnly },
  // Any id answers the same to non-admins; an admin gets the learner's page.
  '/admin/learners/[id]': { request: (fx) => ({ path: `/admin/learners/${fx.learnerId}` }), expect: adminOnly },
  '/admin/health': { request: get('/admin/health'), expect: adminOnly },
  '/admin/reconciliation': { request: get('/admin/reconciliation'), expect: adminOnly },
  // An unknown run: the admin check comes first (a real 403), then a real 404 for the admin.
  '/admin/reconciliation/[runId]': {
    request: get('/admin/reconciliation/00000000-0000-4000-8000-000000000000'),
    expect: { ...adminOnly, admin: { status: 404 } },
  },
  '/admin/settings': { request: get('/admin/settings'), expect: adminOnly },
  '/admin/courses': { request: get('/admin/courses?status=draft'), expect: adminOnly },
  '/admin/courses/new': { request: get('/admin/courses/new'), expect: adminOnly },
  '/admin/courses/plan': { request: get('/admin/courses/plan'), expect: adminOnly },
  // Unknown ids: the admin check answers first, then the admin gets a 404.
  '/admin/courses/[id]': { request: get(`/admin/courses/${UNKNOWN_ID}`), expect: { ...adminOnly, admin: { status: 200, contains: 'Page not found' } } },
  '/admin/courses/[id]/preview': { request: get(`/admin/courses/${UNKNOWN_ID}/preview`), expect: { ...adminOnly, admin: { status: 200, contains: 'Page not found' } } },
  '/admin/courses/[id]/lessons/new': { request: get(`/admin/courses/${UNKNOWN_ID}/lessons/new`), expect: { ...adminOnly, admin: { status: 200, contains: 'Page not found' } } },
  '/admin/courses/[id]/lessons/[lessonId]': { request: get(`/admin/courses/${UNKNOWN_ID}/lessons/${UNKNOWN_ID}`), expect: { ...adminOnly, admin: { status: 200, contains: 'Page not found' } } },
  // Uploaded covers are public (like the course pages that show them); an unknown key is a 404 for all.
  '/media/[...key]': { request: get('/media/covers/unknown.png'), expect: all({ status: 404 }) },
  '/admin/coupons': { request: get('/admin/coupons'), expect: adminOnly },
  '/admin/coupons/new': { request: get('/admin/coupons/new'), expect: adminOnly },
  // The coupons section's loading.tsx streams first: an unknown coupon is the not-found page with a 200.
  '/admin/coupons/[id]': { request: get(`/admin/coupons/${UNKNOWN_ID}`), expect: { ...adminOnly, admin: { status: 200, contains: 'Page not found' } } },
  '/admin/notifications': { request: get('/admin/notifications?status=failed&channel=email'), expect: adminOnly },
  // The section's loading.tsx streams first: an unknown message is the not-found page with a 200.
  '/admin/notifications/[id]': { request: get(`/admin/notifications/${UNKNOWN_ID}`), expect: { ...adminOnly, admin: { status: 200, contains: 'Page not found' } } },
  '/admin/audit': { request: get('/admin/audit?actorType=admin&action=coupon.'), expect: adminOnly },
  // The CSV streams only to admins (a learner gets 403 before any row is read).
  '/admin/audit/export': { request: get('/admin/audit/export?entityType=authz_nothing'), expect: adminOnly },
  '/admin/events': { request: get('/admin/events?status=dead'), expect: adminOnly },
  // A well-formed id nobody has: the guard answers first, then the admin gets a 404.
  // The events section's loading.tsx streams before the page resolves, so an unknown event is the not-found page with a 200.
  '/admin/events/[id]': { request: get('/admin/events/evt_matrix_unknown'), expect: { ...adminOnly, admin: { status: 200, contains: 'Page not found' } } },
  '/admin/payments': { request: get('/admin/payments?status=succeeded&q=authz'), expect: adminOnly },
  // The receipt's payment: any id answers the same to non-admins; an admin gets the payment.
  '/admin/payments/[id]': { request: (fx) => ({ path: `/admin/payments/${fx.receiptId}` }), expect: adminOnly },
  // The CSV export streams only to admins (a learner gets 403 before any row is read).
  '/admin/payments/export': { request: get('/admin/payments/export?q=authz-nobody@bursar.test'), expect: adminOnly },
  '/admin/refunds': { request: get('/admin/refunds?status=failed&q=authz'), expect: adminOnly },
  // A session cookie grants nothing here: the session endpoint answers everyone (with their own
  // session or null), cron needs its own secret (disabled in the e2e server), webhooks a signature.
  '/api/auth/[...nextauth]': { request: get('/api/auth/session'), expect: all(ok) },
  '/api/cron/[job]': { request: () => ({ method: 'POST', path: '/api/cron/deliver-notifications' }), expect: all({ status: 503 }) },
  '/api/currency': { request: get('/api/currency?code=eur'), expect: all({ status: 303 }) },
  '/api/health': { request: get('/api/health'), expect: all(ok) },
  // The storefront's per-visitor holes: everyone gets an answer about themselves only
  // (e2e/app/visitor-holes.spec.ts checks what each caller sees).
  '/api/visitor': { request: (fx) => ({ path: `/api/visitor?course=${fx.courseSlug}` }), expect: all(ok) },
  // Readiness is public (load balancers probe it) and says only which checks pass.
  '/api/health/ready': { request: get('/api/health/ready'), expect: all(ok) },
  // A session grants nothing: metrics need the METRICS_TOKEN bearer (the e2e server sets one; metrics.spec.ts uses it).
  '/api/metrics': { request: get('/api/metrics'), expect: all({ status: 401 }) },
  // No TWILIO_* on the e2e server: the SMS webhook is not there for anyone (the signature rules are integration-tested).
  '/api/webhooks/twilio': {
    request: () => ({ method: 'POST', path: '/api/webhooks/twilio', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'From=%2B14155550100&Body=STOP' }),
    expect: all({ status: 404 }),
  },
  '/api/webhooks/stripe': {
    request: () => ({ method: 'POST', path: '/api/webhooks/stripe', headers: { 'content-type': 'application/json' }, body: '{"id":"evt_1","object":"event"}' }),
    expect: all({ status: 400 }),
  },
  // Demo mode: every browser has a mailbox, holding only the mail it asked for.
  '/dev/mailbox': { request: get('/dev/mailbox'), expect: all(ok) },
  '/dev/mailbox/[id]': {
    request: (fx) => ({ path: `/dev/mailbox/${fx.mailboxMessageId}` }),
    expect: { anonymous: { status: 404 }, learner: ok, otherLearner: { status: 404 }, admin: { status: 404 } },
  },
};

export type ActionOutcome =
  /** The user layer refused: nobody is signed in. */
  | 'sign-in'
  /** The admin layer answered 403 before the action's code ran. */
  | 'forbidden'
  /** The caller passed every layer and the (deliberately invalid) input was refused by the schema. */
  | 'validated'
  /** The action ran and redirected (sign-out). */
  | 'redirect'
  /** The action's own code refused with this sentence (another learner's ids). */
  | { refused: string };

export type ActionEntry = {
  /** Fields that fail validation: proves the caller got past the auth layer without changing anything. */
  invalid: Record<string, string>;
  expect: Record<Role, ActionOutcome>;
  /** For otherLearner: the learner's ids, valid in shape, sent by someone else. */
  otherLearnerInput?: (fx: Fixtures, attemptId: string) => Record<string, string>;
};

const publicAction: Record<Role, ActionOutcome> = { anonymous: 'validated', learner: 'validated', otherLearner: 'validated', admin: 'validated' };
const userAction = (other: ActionOutcome = 'validated'): Record<Role, ActionOutcome> => ({ anonymous: 'sign-in', learner: 'validated', otherLearner: other, admin: 'validated' });
const adminOnlyAction: Record<Role, ActionOutcome> = { anonymous: 'forbidden', learner: 'forbidden', otherLearner: 'forbidden', admin: 'validated' };
const LEARNERS = 'app/(admin)/admin/learners/actions.ts';
const RECONCILIATION = 'app/(admin)/admin/reconciliation/actions.ts';
const NO_SUBSCRIPTION = "We couldn't find that subscription on your account.";
const SUBSCRIPTION = 'app/(account)/account/(sections)/subscription/actions.ts';

export const ACTIONS: Record<string, ActionEntry> = {
  'lib/auth/actions.ts#requestSignInLink': { invalid: { email: 'not-an-email' }, expect: publicAction },
  'lib/auth/actions.ts#signOutAction': { invalid: {}, expect: { anonymous: 'redirect', learner: 'redirect', otherLearner: 'redirect', admin: 'redirect' } },
  'components/checkout/actions.ts#startCheckout': { invalid: { kind: 'course', courseSlug: '../etc' }, expect: publicAction },
  'app/(account)/account/(sections)/profile/actions.ts#saveProfile': { invalid: { name: 'Ada\u0000' }, expect: userAction() },
  'app/(account)/account/(sections)/profile/actions.ts#deleteMyAccount': { invalid: { confirm: 'nope' }, expect: userAction() },
  'app/(account)/account/(sections)/notifications/actions.ts#saveNotificationSettings': { invalid: { phone: '12' }, expect: userAction() },
  'app/(learn)/learn/actions.ts#setLessonCompleted': {
    invalid: { lessonId: 'x' },
    expect: userAction({ refused: 'That lesson could not be found.' }),
    otherLearnerInput: (fx) => ({ lessonId: fx.lessonId, completed: 'true' }),
  },
  [`${SUBSCRIPTION}#cancelAtPeriodEndAction`]: {
    invalid: { subscriptionId: 'x' },
    expect: userAction({ refused: NO_SUBSCRIPTION }),
    otherLearnerInput: (fx, attemptId) => ({ subscriptionId: fx.subscriptionId, attemptId }),
  },
  [`${SUBSCRIPTION}#resumeAction`]: {
    invalid: { subscriptionId: 'x' },
    expect: userAction({ refused: NO_SUBSCRIPTION }),
    otherLearnerInput: (fx, attemptId) => ({ subscriptionId: fx.subscriptionId, attemptId }),
  },
  [`${SUBSCRIPTION}#switchIntervalAction`]: {
    invalid: { subscriptionId: 'x' },
    expect: userAction({ refused: NO_SUBSCRIPTION }),
    otherLearnerInput: (fx, attemptId) => ({ subscriptionId: fx.subscriptionId, interval: 'year', prorationDate: String(Math.floor(Date.now() / 1000)), attemptId }),
  },
  [`${SUBSCRIPTION}#openBillingPortalAction`]: { invalid: { attemptId: 'x' }, expect: userAction() },
  'app/(admin)/admin/disputes/actions.ts#saveEvidenceAction': { invalid: { disputeId: 'x' }, expect: adminOnlyAction },
  'app/(admin)/admin/disputes/actions.ts#submitEvidenceAction': { invalid: { disputeId: 'x', attemptId: 'x' }, expect: adminOnlyAction },
  'app/(admin)/admin/subscriptions/actions.ts#cancelSubscriptionAction': { invalid: { subscriptionId: 'x', attemptId: 'x', when: 'never', reason: '' }, expect: adminOnlyAction },
  [`${LEARNERS}#grantAccessAction`]: { invalid: { userId: 'x', courseId: 'x', reason: '' }, expect: adminOnlyAction },
  [`${LEARNERS}#revokeAccessAction`]: { invalid: { userId: 'x', enrollmentId: 'x', reason: '' }, expect: adminOnlyAction },
  [`${LEARNERS}#addNoteAction`]: { invalid: { userId: 'x', body: '' }, expect: adminOnlyAction },
  [`${LEARNERS}#resendReceiptAction`]: { invalid: { userId: 'x', paymentId: 'x', attemptId: 'x' }, expect: adminOnlyAction },
  [`${RECONCILIATION}#startRunAction`]: { invalid: { from: 'yesterday', to: 'today' }, expect: adminOnlyAction },
  [`${RECONCILIATION}#resyncItemAction`]: { invalid: { itemId: 'x' }, expect: adminOnlyAction },
  [`${RECONCILIATION}#ignoreItemAction`]: { invalid: { itemId: 'x', note: '' }, expect: adminOnlyAction },
  'app/(admin)/admin/settings/actions.ts#saveStoreSettingsAction': { invalid: { supportEmail: 'not-an-email' }, expect: adminOnlyAction },
  'app/(admin)/admin/emails/actions.ts#sendTemplateTestsAction': { invalid: { attemptId: 'x' }, expect: adminOnlyAction },
  'app/(admin)/admin/alerts/actions.ts#acknowledgeAlertAction': { invalid: { alertId: 'x' }, expect: adminOnlyAction },
  'app/(admin)/admin/courses/actions.ts#createCourseAction': { invalid: { slug: 'Not A Slug' }, expect: adminOnlyAction },
  'app/(admin)/admin/courses/actions.ts#updateCourseAction': { invalid: { courseId: 'x' }, expect: adminOnlyAction },
  'app/(admin)/admin/courses/actions.ts#setCourseStatusAction': { invalid: { courseId: 'x', status: 'gone' }, expect: adminOnlyAction },
  'app/(admin)/admin/courses/actions.ts#addLessonAction': { invalid: { courseId: 'x', title: '' }, expect: adminOnlyAction },
  'app/(admin)/admin/courses/actions.ts#updateLessonAction': { invalid: { courseId: 'x', lessonId: 'x' }, expect: adminOnlyAction },
  'app/(admin)/admin/courses/actions.ts#deleteLessonAction': { invalid: { courseId: 'x', lessonId: 'x' }, expect: adminOnlyAction },
  'app/(admin)/admin/courses/actions.ts#reorderLessonsAction': { invalid: { courseId: 'x', order: 'a,b' }, expect: adminOnlyAction },
  'app/(admin)/admin/courses/actions.ts#uploadCoverAction': { invalid: { courseId: 'x' }, expect: adminOnlyAction },
  'app/(admin)/admin/courses/actions.ts#removeCoverAction': { invalid: { courseId: 'x' }, expect: adminOnlyAction },
  'app/(admin)/admin/courses/price-actions.ts#setPriceAction': { invalid: { ownerKind: 'course', ownerId: 'x', amount: '' }, expect: adminOnlyAction },
  'app/(admin)/admin/courses/price-actions.ts#migrateSubscribersAction': { invalid: { fromPriceId: 'x' }, expect: adminOnlyAction },
  'app/(admin)/admin/coupons/actions.ts#createCouponAction': { invalid: { attemptId: 'x', name: '' }, expect: adminOnlyAction },
  'app/(admin)/admin/coupons/actions.ts#createPromotionCodeAction': { invalid: { attemptId: 'x', couponId: 'x', code: 'no spaces' }, expect: adminOnlyAction },
  'app/(admin)/admin/coupons/actions.ts#deactivatePromotionCodeAction': { invalid: { promotionCodeId: 'x' }, expect: adminOnlyAction },
  'app/(admin)/admin/notifications/actions.ts#resendNotificationAction': { invalid: { outboxId: 'x' }, expect: adminOnlyAction },
  'app/(admin)/admin/events/actions.ts#replayEventAction': { invalid: { eventId: 'x' }, expect: adminOnlyAction },
  'app/(admin)/admin/events/actions.ts#importEventAction': { invalid: { eventId: 'x' }, expect: adminOnlyAction },
  'app/(admin)/admin/payments/[id]/actions.ts#refundPaymentAction': { invalid: { paymentId: 'x', amount: '', reason: 'because', access: 'maybe', attemptId: 'x' }, expect: adminOnlyAction },
};
