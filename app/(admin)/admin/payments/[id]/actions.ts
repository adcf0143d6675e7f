'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { adminAction, formSchema } from '@/lib/actions/client';
import { refundInput, refundPayment } from '@/lib/admin/refunds';

/** Refund from the dashboard: 403 for anyone but an admin, the form validated, then the domain function. */
export const refundPaymentAction = adminAction.inputSchema(formSchema(refundInput.shape)).stateAction(async ({ parsedInput, ctx }) => {
  const result = await refundPayment(await getDb(), ctx.admin, parsedInput);
  revalidatePath(`/admin/payments/${parsedInput.paymentId}`);
  return result;
});
