'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { adminAction, formInput, formSchema } from '@/lib/actions/client';
import { saveDisputeEvidenceDraft, saveEvidenceInput, submitDisputeEvidenceToStripe, submitEvidenceInput } from '@/lib/admin/disputes';

// The admin layer answers 403 to anyone else before any code runs. Saving writes the local
// draft (audited); submitting sends the saved draft to Stripe once (idempotency key from the form).

export const saveEvidenceAction = adminAction.inputSchema(formInput(saveEvidenceInput)).stateAction(async ({ parsedInput, ctx }) => {
  const result = await saveDisputeEvidenceDraft(await getDb(), ctx.admin, parsedInput);
  revalidatePath(`/admin/disputes/${parsedInput.disputeId}`);
  return result;
});

export const submitEvidenceAction = adminAction.inputSchema(formSchema(submitEvidenceInput.shape)).stateAction(async ({ parsedInput, ctx }) => {
  const result = await submitDisputeEvidenceToStripe(await getDb(), ctx.admin, parsedInput);
  revalidatePath(`/admin/disputes/${parsedInput.disputeId}`);
  revalidatePath('/admin/disputes');
  return result;
});
