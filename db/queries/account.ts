import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias, type SelectedFields } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Database } from '../client';
import { checkoutSessions, courses, creditNotes, disputes, invoices, paymentMethods, payments, plans, prices, refunds, subscriptions, users } from '../schema';
import { accessSubscriptionColumns } from './subscriptions';

// A learner's own billing records, for the account pages. Every query names the learner in
// its WHERE clause, so another learner's id simply matches nothing (the page answers 404 and
// never learns whether the row exists).

export const PURCHASES_PAGE_SIZE = 20;

const uuid = z.uuid();
const isUuid = (value: string) => uuid.safeParse(value).success;

// Renewals reach their plan through the invoice's subscription; first payments through the
// checkout session. Two aliases of `plans` for the two paths.
const invoicePlans = alias(plans, 'invoice_plans');
const sessionPlans = alias(plans, 'session_plans');

const purchaseColumns = {
  id: payments.id,
  createdAt: payments.createdAt,
  amount: payments.amount,
  amountRefunded: payments.amountRefunded,
  currency: payments.currency,
  status: payments.status,
  paymentMethodType: payments.paymentMethodType,
  cardBrand: payments.cardBrand,
  cardLast4: payments.cardLast4,
  description: payments.description,
  stripeInvoiceId: payments.stripeInvoiceId,
  courseTitle: courses.title,
  planName: sql<string | null>`coalesce(${invoicePlans.name}, ${sessionPlans.name})`,
  invoiceNumber: invoices.number,
  hostedInvoiceUrl: invoices.hostedInvoiceUrl,
  invoicePdf: invoices.invoicePdf,
};

/** payments + what it bought; the caller adds the user scope and any extra columns. */
function selectPurchases<T extends SelectedFields>(db: Database, extra: T) {
  return db
    .select({ ...purchaseColumns, ...extra })
    .from(payments)
    .leftJoin(checkoutSessions, eq(checkoutSessions.id, payments.checkoutSessionId))
    .leftJoin(courses, eq(courses.id, sql`coalesce(${payments.courseId}, ${checkoutSessions.courseId})`))
    .leftJoin(invoices, eq(invoices.stripeInvoiceId, payments.stripeInvoiceId))
    .leftJoin(subscriptions, eq(subscriptions.stripeSubscriptionId, invoices.stripeSubscriptionId))
    .leftJoin(invoicePlans, eq(invoicePlans.id, subscriptions.planId))
    .leftJoin(sessionPlans, eq(sessionPlans.id, checkoutSessions.planId));
}

export type PurchaseRow = Awaited<ReturnType<typeof listPurchasesForUser>>['items'][number];

/**
 * One page of the learner's payments, newest first. `before` is the id of the last row of
 * the previous page: the cursor row is read inside the query (scoped to the same learner),
 * so the keyset compares Postgres' own microsecond timestamps rather than a rounded JS Date.
 * A cursor that is malformed or not the learner's yields an empty page.
 */
export async function listPurchasesForUser(
  db: Database,
  params: { userId: string; before?: string | null; limit?: number },
) {
  const limit = params.limit ?? PURCHASES_PAGE_SIZE;
  if (params.before && !isUuid(params.before)) return { items: [], nextCursor: null as string | null };
  const rows = await queryPurchasePage(db, params.userId, params.before ?? null, limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

function queryPurchasePage(db: Database, userId: string, before: string | null, take: number) {
  const afterCursor = before
    ? sql`(${payments.createdAt}, ${payments.id}) < (select c.created_at, c.id from payments c where c.id = ${before} and c.user_id = ${userId})`
    : undefined;
  return selectPurchases(db, {})
    .where(and(eq(payments.userId, userId), afterCursor))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(take);
}

export type Receipt = NonNullable<Awaited<ReturnType<typeof findReceiptForUser>>>;

/** Everything a printable receipt shows, or null when the id is malformed, unknown or not the learner's. */
export async function findReceiptForUser(db: Database, params: { userId: string; paymentId: string }) {
  if (!isUuid(params.paymentId)) return null;
  const [row] = await selectPurchases(db, {
    buyerName: users.name,
    buyerEmail: users.email,
    succeededAt: payments.succeededAt,
    amountDiscount: payments.amountDiscount,
    discountCode: payments.discountCode,
    invoiceSubtotal: invoices.subtotal,
    invoiceTotal: invoices.total,
    invoiceCurrency: invoices.currency,
    invoiceStartingBalance: invoices.startingBalance,
    invoiceEndingBalance: invoices.endingBalance,
    periodStart: invoices.periodStart,
    periodEnd: invoices.periodEnd,
  })
    .innerJoin(users, eq(users.id, payments.userId))
    .where(and(eq(payments.id, params.paymentId), eq(payments.userId, params.userId)));
  if (!row) return null;
  const [refundRows, lostDisputes] = await Promise.all([listRefundsForUserPayment(db, params), listLostDisputesForUserPayment(db, params)]);
  return { ...row, refunds: refundRows, reversals: lostDisputes };
}

/** Disputes the learner's bank won: that money went back to the learner outside our refunds. */
export async function listLostDisputesForUserPayment(db: Database, params: { userId: string; paymentId: string }) {
  return db
    .select({ id: disputes.id, amount: disputes.amount, currency: disputes.currency, closedAt: disputes.closedAt, createdAt: disputes.createdAt })
    .from(disputes)
    .innerJoin(payments, eq(payments.id, disputes.paymentId))
    .where(and(eq(disputes.paymentId, params.paymentId), eq(payments.userId, params.userId), eq(disputes.status, 'lost')))
    .orderBy(asc(disputes.createdAt), asc(disputes.id));
}

/**
 * Refunds that returned (or are returning) money; failed and canceled ones returned nothing. A
 * subscription payment's refund comes with the credit note on its invoice that made it.
 */
export async function listRefundsForUserPayment(db: Database, params: { userId: string; paymentId: string }) {
  return db
    .select({
      id: refunds.id,
      amount: refunds.amount,
      currency: refunds.currency,
      status: refunds.status,
      createdAt: refunds.createdAt,
      creditNoteNumber: creditNotes.number,
      creditNotePdf: creditNotes.pdfUrl,
    })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .leftJoin(creditNotes, and(eq(creditNotes.stripeRefundId, refunds.stripeRefundId), eq(creditNotes.stripeInvoiceId, payments.stripeInvoiceId)))
    .where(
      and(
        eq(refunds.paymentId, params.paymentId),
        eq(payments.userId, params.userId),
        inArray(refunds.status, ['pending', 'requires_action', 'succeeded']),
      ),
    )
    .orderBy(asc(refunds.createdAt), asc(refunds.id));
}

/** Cards and accounts still attached, the default first. */
export async function listPaymentMethodsForUser(db: Database, userId: string) {
  return db
    .select({
      id: paymentMethods.id,
      type: paymentMethods.type,
      brand: paymentMethods.brand,
      last4: paymentMethods.last4,
      expMonth: paymentMethods.expMonth,
      expYear: paymentMethods.expYear,
      isDefault: paymentMethods.isDefault,
    })
    .from(paymentMethods)
    .where(and(eq(paymentMethods.userId, userId), isNull(paymentMethods.detachedAt)))
    .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.createdAt), desc(paymentMethods.id));
}

export type PastDueSubscription = NonNullable<Awaited<ReturnType<typeof findPastDueSubscriptionForUser>>>;

/**
 * The learner's subscription whose renewal failed, with its newest open invoice, in one
 * statement (it runs on every page a signed-in learner opens): subscriptions_user_idx finds
 * the learner's few subscriptions, invoices_subscription_idx the invoice.
 */
export async function findPastDueSubscriptionForUser(db: Database, userId: string) {
  const openInvoice = db
    .select({ hostedInvoiceUrl: invoices.hostedInvoiceUrl, amountRemaining: invoices.amountRemaining, currency: invoices.currency })
    .from(invoices)
    .where(
      and(
        eq(invoices.stripeSubscriptionId, subscriptions.stripeSubscriptionId),
        eq(invoices.status, 'open'),
        eq(invoices.userId, userId),
      ),
    )
    .orderBy(desc(invoices.createdAt))
    .limit(1)
    .as('open_invoice');
  const [row] = await db
    .select({
      ...accessSubscriptionColumns,
      planName: plans.name,
      hostedInvoiceUrl: openInvoice.hostedInvoiceUrl,
      amountDue: openInvoice.amountRemaining,
      currency: openInvoice.currency,
    })
    .from(subscriptions)
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .leftJoinLateral(openInvoice, sql`true`)
    .where(and(eq(subscriptions.userId, userId), inArray(subscriptions.status, ['past_due', 'unpaid'])))
    .orderBy(desc(subscriptions.currentPeriodEnd))
    .limit(1);
  return row ?? null;
}

/** The learner's subscriptions, newest first, each with its plan and price (null when unlinked). */
export async function listSubscriptionsWithPlanForUser(db: Database, userId: string) {
  return db
    .select({ subscription: subscriptions, plan: plans, price: prices })
    .from(subscriptions)
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .leftJoin(prices, eq(prices.id, subscriptions.priceId))
    .where(eq(subscriptions.userId, userId))
    .orderBy(desc(subscriptions.createdAt));
}

/** The payment method a renewal would use: attached, the default first, else the newest. */
export async function findCurrentPaymentMethodForUser(db: Database, userId: string) {
  const [row] = await db
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.userId, userId), isNull(paymentMethods.detachedAt)))
    .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.createdAt))
    .limit(1);
  return row ?? null;
}
