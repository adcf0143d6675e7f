import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Keyset, PageDirection } from '@/lib/admin/keyset';
import { classifySearch, type PaymentFilters } from '@/lib/admin/payment-search';
import type { Database } from '../client';
import { auditLog, checkoutSessions, courses, creditNotes, customers, disputes, enrollments, invoices, payments, refunds, stripeEvents, users } from '../schema';

export type AdminPaymentRow = {
  id: string;
  createdAt: Date;
  stripePaymentIntentId: string;
  stripeChargeId: string | null;
  amount: number;
  amountRefunded: number;
  currency: string;
  status: string;
  paymentMethodType: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  description: string | null;
  stripeInvoiceId: string | null;
  userId: string | null;
  email: string | null;
  name: string | null;
  courseTitle: string | null;
};

const columns = {
  id: payments.id,
  createdAt: payments.createdAt,
  stripePaymentIntentId: payments.stripePaymentIntentId,
  stripeChargeId: payments.stripeChargeId,
  amount: payments.amount,
  amountRefunded: payments.amountRefunded,
  currency: payments.currency,
  status: payments.status,
  paymentMethodType: payments.paymentMethodType,
  cardBrand: payments.cardBrand,
  cardLast4: payments.cardLast4,
  description: payments.description,
  stripeInvoiceId: payments.stripeInvoiceId,
  userId: payments.userId,
  email: users.email,
  name: users.name,
  courseTitle: courses.title,
};

/**
 * The WHERE of the admin payments list and its export. A search narrows to the payments of one
 * Stripe object or of the matching learners; each branch is an indexed lookup (unique Stripe
 * ids, the user's payments index, the primary key range of a receipt number).
 */
function whereOf(filters: PaymentFilters): SQL | undefined {
  const parts: Array<SQL | undefined> = [];
  if (filters.status) parts.push(eq(payments.status, filters.status));
  if (filters.currency) parts.push(eq(payments.currency, filters.currency));
  if (filters.method) parts.push(eq(payments.paymentMethodType, filters.method));
  if (filters.product === 'plan') parts.push(and(isNull(payments.courseId), isNotNull(payments.stripeInvoiceId)));
  else if (filters.product?.startsWith('course:')) parts.push(eq(payments.courseId, filters.product.slice('course:'.length)));
  if (filters.from) parts.push(gte(payments.createdAt, filters.from));
  if (filters.to) parts.push(lt(payments.createdAt, filters.to));
  const search = filters.q ? classifySearch(filters.q) : null;
  if (search) parts.push(searchCondition(search));
  return parts.length ? and(...parts) : undefined;
}

function searchCondition(search: NonNullable<ReturnType<typeof classifySearch>>): SQL {
  const userIds = (where: SQL) => inArray(payments.userId, sql`(select ${users.id} from ${users} where ${where} limit 200)`);
  switch (search.kind) {
    case 'payment_intent':
      return eq(payments.stripePaymentIntentId, search.value);
    case 'charge':
      return eq(payments.stripeChargeId, search.value);
    case 'invoice':
      return eq(payments.stripeInvoiceId, search.value);
    case 'customer':
      return inArray(payments.userId, sql`(select ${customers.userId} from ${customers} where ${customers.stripeCustomerId} = ${search.value})`);
    case 'refund':
      return inArray(payments.id, sql`(select ${refunds.paymentId} from ${refunds} where ${refunds.stripeRefundId} = ${search.value})`);
    case 'dispute':
      return inArray(payments.id, sql`(select ${disputes.paymentId} from ${disputes} where ${disputes.stripeDisputeId} = ${search.value})`);
    case 'subscription':
      return inArray(payments.stripeInvoiceId, sql`(select ${invoices.stripeInvoiceId} from ${invoices} where ${invoices.stripeSubscriptionId} = ${search.value})`);
    case 'checkout_session':
      return inArray(payments.stripePaymentIntentId, sql`(select ${checkoutSessions.stripePaymentIntentId} from ${checkoutSessions} where ${checkoutSessions.stripeCheckoutSessionId} = ${search.value})`);
    case 'receipt':
      return and(gte(payments.id, search.low), sql`${payments.id} <= ${search.high}::uuid`)!;
    case 'email':
      // An exact address uses the unique index; the start of one ("ada@", "ada.l") a prefix scan.
      return search.exact ? userIds(sql`${users.email} = ${search.value}`) : userIds(sql`${users.email} like ${escapeLike(search.value) + '%'}`);
    case 'name': {
      // Words of a name by their start ("tur" finds Alan Turing), through the GIN index; the
      // start of an address through the prefix index. Text with no word characters falls back
      // to a substring match.
      const query = nameQuery(search.value);
      return query
        ? userIds(sql`to_tsvector('simple', coalesce(${users.name}, '')) @@ to_tsquery('simple', ${query}) or ${users.email} like ${escapeLike(search.value) + '%'}`)
        : userIds(sql`lower(${users.name}) like ${'%' + escapeLike(search.value) + '%'}`);
    }
  }
}

/** `ada lov` → `ada:* & lov:*` (each word a prefix; only letters and digits reach to_tsquery). */
export function nameQuery(value: string): string | null {
  const words = value
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 5);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const ts = (d: Date | string) => sql`${typeof d === 'string' ? d : d.toISOString()}::timestamptz`;

function keysetCondition(keyset: Keyset, direction: PageDirection): SQL {
  return direction === 'after'
    ? sql`(${payments.createdAt}, ${payments.id}) < (${ts(keyset.sort)}, ${keyset.id}::uuid)`
    : sql`(${payments.createdAt}, ${payments.id}) > (${ts(keyset.sort)}, ${keyset.id}::uuid)`;
}

/**
 * One page of payments, newest first, seeking from a cursor (never OFFSET). Fetches
 * `limit + 1` rows in the direction of travel so the caller knows whether there is more.
 */
export async function listAdminPayments(db: Database, filters: PaymentFilters, page: { keyset: Keyset | null; direction: PageDirection; limit: number }): Promise<AdminPaymentRow[]> {
  const where = and(whereOf(filters), page.keyset ? keysetCondition(page.keyset, page.direction) : undefined);
  const order = page.direction === 'after' ? [desc(payments.createdAt), desc(payments.id)] : [asc(payments.createdAt), asc(payments.id)];
  return db
    .select(columns)
    .from(payments)
    .leftJoin(users, eq(users.id, payments.userId))
    .leftJoin(courses, eq(courses.id, payments.courseId))
    .where(where)
    .orderBy(...order)
    .limit(page.limit + 1);
}

/** How many payments match (the export's progress total). */
export async function countAdminPayments(db: Database, filters: PaymentFilters): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(payments).where(whereOf(filters));
  return Number(row?.n ?? 0);
}

/**
 * Every matching payment in batches, newest first, each batch seeking from the last row of the
 * previous one: memory stays at one batch however many rows there are.
 */
export async function* iterateAdminPayments(db: Database, filters: PaymentFilters, batchSize = 2000): AsyncGenerator<AdminPaymentRow[]> {
  let keyset: Keyset | null = null;
  for (;;) {
    const rows: AdminPaymentRow[] = await db
      .select(columns)
      .from(payments)
      .leftJoin(users, eq(users.id, payments.userId))
      .leftJoin(courses, eq(courses.id, payments.courseId))
      .where(and(whereOf(filters), keyset ? keysetCondition(keyset, 'after') : undefined))
      .orderBy(desc(payments.createdAt), desc(payments.id))
      .limit(batchSize);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    keyset = { sort: new Date(last.createdAt).toISOString(), id: last.id };
  }
}

export type PaymentFilterOptions = { currencies: string[]; methods: string[]; courses: Array<{ id: string; title: string }> };

/** The values the filter bar offers (distinct over small indexed sets, not the payments table). */
export async function listPaymentFilterOptions(db: Database): Promise<PaymentFilterOptions> {
  const [currencyRows, courseRows, methodRows] = await Promise.all([
    db.execute(sql`select distinct currency from prices order by currency`),
    db.select({ id: courses.id, title: courses.title }).from(courses).orderBy(asc(courses.title)),
    db.execute(sql`select distinct type as method from payment_methods union select unnest(array['card', 'sepa_debit', 'us_bank_account', 'link']) order by 1`),
  ]);
  const rowsOf = <T,>(r: unknown) => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
  return {
    currencies: rowsOf<{ currency: string }>(currencyRows).map((r) => r.currency),
    methods: rowsOf<{ method: string }>(methodRows).map((r) => r.method),
    courses: courseRows,
  };
}


export type AdminPaymentDetail = {
  payment: typeof payments.$inferSelect;
  learner: { id: string; email: string; name: string | null; role: string; stripeCustomerId: string | null } | null;
  course: { id: string; title: string; slug: string } | null;
  enrollments: Array<typeof enrollments.$inferSelect>;
  refunds: Array<typeof refunds.$inferSelect>;
  disputes: Array<typeof disputes.$inferSelect>;
  /** Credit notes on the invoice a subscription payment paid (how its refunds are made). */
  creditNotes: Array<typeof creditNotes.$inferSelect>;
  checkoutSessionId: string | null;
};

/** A payment with who paid, what it bought, the access it granted and its refunds and disputes. */
export async function findAdminPayment(db: Database, id: string): Promise<AdminPaymentDetail | null> {
  const [payment] = await db.select().from(payments).where(eq(payments.id, id));
  if (!payment) return null;
  const [learnerRows, courseRows, enrollmentRows, refundRows, disputeRows, sessionRows, creditNoteRows] = await Promise.all([
    payment.userId
      ? db
          .select({ id: users.id, email: users.email, name: users.name, role: users.role, stripeCustomerId: customers.stripeCustomerId })
          .from(users)
          .leftJoin(customers, eq(customers.userId, users.id))
          .where(eq(users.id, payment.userId))
      : Promise.resolve([]),
    payment.courseId ? db.select({ id: courses.id, title: courses.title, slug: courses.slug }).from(courses).where(eq(courses.id, payment.courseId)) : Promise.resolve([]),
    db.select().from(enrollments).where(eq(enrollments.paymentId, payment.id)),
    db.select().from(refunds).where(eq(refunds.paymentId, payment.id)).orderBy(asc(refunds.createdAt)),
    db.select().from(disputes).where(eq(disputes.paymentId, payment.id)).orderBy(asc(disputes.createdAt)),
    db.select({ id: checkoutSessions.stripeCheckoutSessionId }).from(checkoutSessions).where(eq(checkoutSessions.stripePaymentIntentId, payment.stripePaymentIntentId)).limit(1),
    payment.stripeInvoiceId
      ? db.select().from(creditNotes).where(eq(creditNotes.stripeInvoiceId, payment.stripeInvoiceId)).orderBy(asc(creditNotes.issuedAt), asc(creditNotes.id))
      : Promise.resolve([]),
  ]);
  return {
    payment,
    learner: learnerRows[0] ?? null,
    course: courseRows[0] ?? null,
    enrollments: enrollmentRows,
    refunds: refundRows,
    disputes: disputeRows,
    creditNotes: creditNoteRows,
    checkoutSessionId: sessionRows[0]?.id ?? null,
  };
}

export type TimelineEntry =
  | { source: 'stripe'; at: Date; id: string; type: string; status: string; objectId: string | null; lastError: string | null }
  | { source: 'audit'; at: Date; id: string; action: string; actorType: string; actorEmail: string | null; entityType: string; entityId: string | null; data: Record<string, unknown> };

/**
 * The payment's history: every Stripe event about it or its charge, refunds, disputes, invoice,
 * credit notes and checkout session, and every audit row about any of them, oldest first.
 */
export async function listPaymentTimeline(db: Database, detail: AdminPaymentDetail): Promise<TimelineEntry[]> {
  const p = detail.payment;
  const objectIds = [
    p.stripePaymentIntentId,
    p.stripeChargeId,
    p.stripeInvoiceId,
    detail.checkoutSessionId,
    ...detail.refunds.map((r) => r.stripeRefundId),
    ...detail.disputes.map((d) => d.stripeDisputeId),
    ...detail.creditNotes.map((n) => n.stripeCreditNoteId),
  ].filter((v): v is string => Boolean(v));
  const entityIds = [...objectIds, p.id, ...detail.refunds.map((r) => r.id), ...detail.disputes.map((d) => d.id), ...detail.enrollments.map((e) => e.id)];
  const [events, audits] = await Promise.all([
    db
      .select({ id: stripeEvents.id, type: stripeEvents.type, status: stripeEvents.status, objectId: stripeEvents.objectId, lastError: stripeEvents.lastError, at: stripeEvents.stripeCreatedAt })
      .from(stripeEvents)
      .where(inArray(stripeEvents.objectId, objectIds))
      .orderBy(asc(stripeEvents.stripeCreatedAt))
      .limit(200),
    db
      .select({ id: auditLog.id, action: auditLog.action, actorType: auditLog.actorType, actorEmail: users.email, entityType: auditLog.entityType, entityId: auditLog.entityId, data: auditLog.data, at: auditLog.createdAt })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .where(inArray(auditLog.entityId, entityIds))
      .orderBy(asc(auditLog.createdAt))
      .limit(200),
  ]);
  const entries: TimelineEntry[] = [
    ...events.map((e) => ({ source: 'stripe' as const, ...e })),
    ...audits.map((a) => ({ source: 'audit' as const, ...a, id: String(a.id) })),
  ];
  return entries.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}

/** Money already on its way back for a payment: refunds pending, needing action or done. */
export async function sumStandingRefunds(db: Database, paymentId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${refunds.amount}), 0)::float8` })
    .from(refunds)
    .where(and(eq(refunds.paymentId, paymentId), inArray(refunds.status, ['pending', 'requires_action', 'succeeded'])));
  return Number(row?.total ?? 0);
}

/** Locks a payment for the rest of the transaction (an admin refund and a webhook never interleave). */
export async function lockPayment(db: Database, id: string) {
  const [row] = await db.select().from(payments).where(eq(payments.id, id)).for('update');
  return row ?? null;
}

/**
 * Records the refund an admin asked for, as Stripe answered it. The webhook path writes the
 * same row (by Stripe id) with its own read; whichever comes first, the other fills in only what
 * it alone knows: who asked, and the request's idempotency key.
 */
export async function recordAdminRefund(
  db: Database,
  values: { stripeRefundId: string; paymentId: string; amount: number; currency: string; status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled'; reason: string | null; failureReason: string | null; revokeAccess: boolean; requestedByUserId: string; idempotencyKey: string },
): Promise<void> {
  await db
    .insert(refunds)
    .values(values)
    .onConflictDoUpdate({
      target: refunds.stripeRefundId,
      set: {
        requestedByUserId: sql`coalesce(${refunds.requestedByUserId}, excluded.requested_by_user_id)`,
        idempotencyKey: sql`coalesce(${refunds.idempotencyKey}, excluded.idempotency_key)`,
        updatedAt: sql`now()`,
      },
    });
}

/** The active purchase enrollment a payment granted, locked. */
export async function lockPurchaseEnrollment(db: Database, paymentId: string) {
  const [row] = await db
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.paymentId, paymentId), eq(enrollments.source, 'purchase')))
    .for('update');
  return row ?? null;
}
