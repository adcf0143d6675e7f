'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { adminAction, formSchema } from '@/lib/actions/client';
import { cancelSubscriptionAsAdmin, cancelSubscriptionInput } from '@/lib/admin/subscriptions';

// The admin layer answers 403 to anyone else before any code runs; Stripe makes the change
// (idempotency key from the form's attempt id) and its webhooks bring the result back.

export const cancelSubscriptionAction = adminAction.inputSchema(formSchema(cancelSubscriptionInput.shape)).stateAction(async ({ parsedInput, ctx }) => {
  const result = await cancelSubscriptionAsAdmin(await getDb(), ctx.admin, parsedInput);
  revalidatePath(`/admin/subscriptions/${parsedInput.subscriptionId}`);
  return result;
});
