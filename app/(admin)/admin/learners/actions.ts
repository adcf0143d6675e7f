'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { adminAction, formSchema } from '@/lib/actions/client';
import { addLearnerNote, addNoteInput, grantAccessInput, grantCourseAccess, resendReceipt, resendReceiptInput, revokeAccessInput, revokeCourseAccess } from '@/lib/admin/learners';

// Thin endpoints: the admin layer answers 403 to anyone else before any code runs, the schema
// validates the form, and the domain function writes the change with its audit row.

const page = (userId: string) => `/admin/learners/${userId}`;

export const grantAccessAction = adminAction.inputSchema(formSchema(grantAccessInput.shape)).stateAction(async ({ parsedInput, ctx }) => {
  const result = await grantCourseAccess(await getDb(), ctx.admin, parsedInput);
  revalidatePath(page(parsedInput.userId));
  return { courseTitle: result.courseTitle };
});

export const revokeAccessAction = adminAction.inputSchema(formSchema(revokeAccessInput.shape)).stateAction(async ({ parsedInput, ctx }) => {
  const result = await revokeCourseAccess(await getDb(), ctx.admin, parsedInput);
  revalidatePath(page(parsedInput.userId));
  return result;
});

export const addNoteAction = adminAction.inputSchema(formSchema(addNoteInput.shape)).stateAction(async ({ parsedInput, ctx }) => {
  await addLearnerNote(await getDb(), ctx.admin, parsedInput);
  revalidatePath(page(parsedInput.userId));
  return { saved: true };
});

export const resendReceiptAction = adminAction.inputSchema(formSchema(resendReceiptInput.shape)).stateAction(async ({ parsedInput, ctx }) => {
  return resendReceipt(await getDb(), ctx.admin, parsedInput);
});
