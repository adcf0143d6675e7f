'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { adminAction, formSchema } from '@/lib/actions/client';
import { acknowledgeAlert, acknowledgeAlertInput } from '@/lib/alerts/acknowledge';

export const acknowledgeAlertAction = adminAction.inputSchema(formSchema(acknowledgeAlertInput.shape)).stateAction(async ({ parsedInput, ctx }) => {
  const result = await acknowledgeAlert(await getDb(), ctx.admin, parsedInput);
  revalidatePath('/admin/alerts');
  return result;
});
