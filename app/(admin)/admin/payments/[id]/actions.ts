'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { adminAction, formSchema } from '@/lib/actions/client';
import { refundInput, refundPayment } from '@/lib/admin/refunds';

/** Refund from the dashboard: 403 for anyone but an admin, the form validated, then the domain function. */
export const refundPaymentAction = adminAction.inputSchema(formSchema(refundInput.shape)).stateAction(async ({ parsedInput, ctx }) => {
  const result = await refundPayment(await getDb(), ctx.admin, parsedInput);
  revalidatePath(`/admin/payments/${parsedInput.paymentId}`);
  // Back to the payment without the reviewed values, saying what was sent (a reload never resubmits).
  const creditNote = result.creditNoteNumber ?? result.stripeCreditNoteId;
  redirect(`/admin/payments/${parsedInput.paymentId}?refunded=${encodeURIComponent(result.stripeRefundId ?? 'pending')}${creditNote ? `&creditNote=${encodeURIComponent(creditNote)}` : ''}`);
});
