import { inRange, paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import { changedAttributes } from '../core/events';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import {
  CREDIT_NOTE_LINES,
  issueCreditNote,
  planCreditNote,
  voidCreditNote,
  type CreditNoteLineObject,
  type CreditNoteObject,
} from '../billing/credit-notes';
import type { InvoiceObject } from '../billing/model';
import { customerClockTime } from '../billing/subscriptions';

const createShape = {
  invoice: s.required(s.string()),
  amount: s.integer({ min: 0 }),
  credit_amount: s.integer({ min: 0 }),
  refund_amount: s.integer({ min: 0 }),
  out_of_band_amount: s.integer({ min: 0 }),
  memo: s.string({ max: 5000 }),
  metadata: s.metadata(),
  reason: s.oneOf(['duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory'] as const),
  email_type: s.oneOf(['credit_note', 'none'] as const),
  effective_at: s.integer({ min: 0 }),
  lines: s.array(
    s.object({
      type: s.required(s.oneOf(['invoice_line_item', 'custom_line_item'] as const)),
      invoice_line_item: s.string(),
      quantity: s.integer({ min: 1 }),
      amount: s.integer({ min: 0 }),
      unit_amount: s.integer({ min: 0 }),
      description: s.string(),
      metadata: s.metadata(),
    }),
  ),
};

/**
 * Credit notes: Stripe's way to adjust or refund a finalized invoice. On an open invoice a
 * credit note lowers the amount due (`pre_payment`, voidable); on a paid one it refunds the
 * charge (`refund_amount`), credits the customer balance (`credit_amount`, the default) or
 * records money returned elsewhere (`out_of_band_amount`).
 */
export function registerCreditNotes(sandbox: Sandbox): void {
  const { router, store } = sandbox;
  const noteOrThrow = (id: string) => findOrThrow<CreditNoteObject>(sandbox, 'credit_note', id);
  const invoiceOf = (id: string) => findOrThrow<InvoiceObject>(sandbox, 'invoice', id, 'invoice');
  const atInvoiceTime = <T>(invoice: InvoiceObject, fn: () => T) => sandbox.clock.at(customerClockTime(sandbox, String(invoice.customer)), fn);

  router.post('/v1/credit_notes', ({ input }) => {
    const p = s.decodeShape(createShape, input);
    const invoice = invoiceOf(p.invoice);
    return clone(atInvoiceTime(invoice, () => issueCreditNote(sandbox, invoice, p)));
  });

  // Preview: the credit note the same parameters would issue, nothing stored.
  router.get('/v1/credit_notes/preview', ({ input }) => {
    const p = s.decodeShape(createShape, input);
    const invoice = invoiceOf(p.invoice);
    return atInvoiceTime(invoice, () => planCreditNote(sandbox, invoice, p, 'cn_preview').note);
  });

  router.get('/v1/credit_notes/preview/lines', ({ input }) => {
    const { limit, starting_after, ending_before, ...rest } = input as Record<string, never>;
    const page = s.decodeShape(s.listParams, { limit, starting_after, ending_before } as never);
    const p = s.decodeShape(createShape, rest);
    const invoice = invoiceOf(p.invoice);
    const { lines } = atInvoiceTime(invoice, () => planCreditNote(sandbox, invoice, p, 'cn_preview'));
    return paginate(lines, page, '/v1/credit_notes/preview/lines', 'credit_note_line_item');
  });

  router.get('/v1/credit_notes/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return noteOrThrow(params.id ?? '');
  });

  router.get('/v1/credit_notes/:id/lines', ({ params, input }) => {
    const p = s.decodeShape(s.listParams, input);
    noteOrThrow(params.id ?? '');
    const lines = store.internal<CreditNoteLineObject[]>(CREDIT_NOTE_LINES)[params.id ?? ''] ?? [];
    return paginate(clone(lines), p, `/v1/credit_notes/${params.id}/lines`, 'credit_note_line_item');
  });

  router.post('/v1/credit_notes/:id', ({ params, input }) => {
    const p = s.decodeShape({ memo: s.string({ max: 5000 }), metadata: s.metadata() }, input);
    const note = noteOrThrow(params.id ?? '');
    const before = clone(note);
    if (p.memo !== undefined) note.memo = p.memo;
    note.metadata = s.mergeMetadata(note.metadata ?? {}, p.metadata);
    save(sandbox, note);
    const changed = changedAttributes(before, note);
    if (Object.keys(changed).length > 0) atInvoiceTime(invoiceOf(String(note.invoice)), () => sandbox.events.emit('credit_note.updated', note, changed));
    return clone(note);
  });

  router.post('/v1/credit_notes/:id/void', ({ params, input }) => {
    s.decodeShape({}, input);
    const note = noteOrThrow(params.id ?? '');
    const invoice = invoiceOf(String(note.invoice));
    return clone(atInvoiceTime(invoice, () => voidCreditNote(sandbox, note)));
  });

  router.get('/v1/credit_notes', ({ input }) => {
    const p = s.decodeShape({ ...s.listParams, customer: s.string(), invoice: s.string(), created: s.range() }, input);
    const items = store
      .all<CreditNoteObject>('credit_note')
      .filter((n) => p.customer == null || n.customer === p.customer)
      .filter((n) => p.invoice == null || n.invoice === p.invoice)
      .filter((n) => inRange(n.created, p.created));
    return paginate(items, p, '/v1/credit_notes', 'credit_note');
  });
}
