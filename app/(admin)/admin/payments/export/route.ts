import { getDb } from '@/db/client';
import { countAdminPayments, iterateAdminPayments, type AdminPaymentRow } from '@/db/queries/admin-payments';
import { appendAudit } from '@/db/queries/audit';
import { csvRow, csvStream } from '@/lib/admin/csv';
import { readPaymentFilters } from '@/lib/admin/payment-search';
import { requireAdmin } from '@/lib/auth/guards';
import { toMajorUnitsString } from '@/lib/billing/money';
import { receiptNumberFor } from '@/lib/billing/payment-method-label';
import { logger } from '@/lib/log';

const HEADER = ['created_at', 'payment_id', 'receipt_number', 'status', 'amount', 'amount_refunded', 'currency', 'learner_email', 'learner_name', 'product', 'method', 'card_brand', 'card_last4', 'payment_intent', 'charge', 'invoice'];

function line(p: AdminPaymentRow): string {
  return csvRow([
    new Date(p.createdAt).toISOString(),
    p.id,
    receiptNumberFor(p.id),
    p.status,
    toMajorUnitsString({ amount: p.amount, currency: p.currency }),
    toMajorUnitsString({ amount: p.amountRefunded, currency: p.currency }),
    p.currency.toUpperCase(),
    p.email,
    p.name,
    p.courseTitle ?? (p.stripeInvoiceId ? 'All-Access' : p.description),
    p.paymentMethodType,
    p.cardBrand,
    p.cardLast4,
    p.stripePaymentIntentId,
    p.stripeChargeId,
    p.stripeInvoiceId,
  ]);
}

/**
 * The filtered payments as CSV, streamed: rows are read in keyset batches and written as they
 * come, so a million rows never sit in memory. `X-Total-Rows` lets the page show progress.
 * Admins only (a learner gets 403, a visitor the sign-in page); the export is audited.
 */
export async function GET(request: Request) {
  const admin = await requireAdmin('/admin/payments');
  const url = new URL(request.url);
  const { filters } = readPaymentFilters(Object.fromEntries(url.searchParams));
  const db = await getDb();
  const total = await countAdminPayments(db, filters);
  const { from, to, ...shown } = filters;
  await appendAudit(db, {
    actorType: 'admin',
    actorUserId: admin.id,
    action: 'payments.exported',
    entityType: 'payment',
    entityId: null,
    data: { filters: { ...shown, from: from?.toISOString(), to: to?.toISOString() }, rows: total },
  });
  const stream = csvStream(HEADER, iterateAdminPayments(db, filters), line, (error) => logger.error({ err: error }, 'payments export failed midway'));
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="bursar-payments-${stamp}.csv"`,
      'Cache-Control': 'no-store',
      'X-Total-Rows': String(total),
    },
  });
}
