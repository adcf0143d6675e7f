'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { ActionRefusal, adminAction, formInput, formSchema } from '@/lib/actions/client';
import { ignoreItemInput, itemInput, startReconciliationRun, startRunInput } from '@/lib/billing/reconciliation/admin';
import { ignoreItem, ReconciliationError, resyncItem } from '@/lib/billing/reconciliation/resync';
import { currentRequestId } from '@/lib/log';

// Thin endpoints: the admin layer answers 403 to anyone else before any code runs, the schema
// validates the form, the domain function writes the change and its audit row.

export const startRunAction = adminAction.inputSchema(formInput(startRunInput)).stateAction(async ({ parsedInput, ctx }) => {
  const runId = await startReconciliationRun(await getDb(), ctx.admin, parsedInput);
  revalidatePath('/admin/reconciliation');
  return { runId };
});

async function refusing<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ReconciliationError) throw new ActionRefusal(error.message);
    throw error;
  }
}

export const resyncItemAction = adminAction.inputSchema(formSchema(itemInput.shape)).stateAction(async ({ parsedInput, ctx }) => {
  const outcome = await refusing(async () => resyncItem(await getDb(), parsedInput.itemId, { userId: ctx.admin.id, requestId: currentRequestId() }));
  revalidatePath('/admin/reconciliation', 'layout');
  return outcome;
});

export const ignoreItemAction = adminAction.inputSchema(formSchema(ignoreItemInput.shape)).stateAction(async ({ parsedInput, ctx }) => {
  await refusing(async () => ignoreItem(await getDb(), parsedInput.itemId, parsedInput.note, { userId: ctx.admin.id, requestId: currentRequestId() }));
  revalidatePath('/admin/reconciliation', 'layout');
  return { ignored: true };
});
