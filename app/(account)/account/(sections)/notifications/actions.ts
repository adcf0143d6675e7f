'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { updateNotificationSettings } from '@/lib/account/settings';
import { ActionRefusal, formInput, userAction } from '@/lib/actions/client';
import { notificationSettingsSchema } from '@/lib/notifications/preferences';

export const saveNotificationSettings = userAction.inputSchema(formInput(notificationSettingsSchema)).stateAction(async ({ parsedInput, ctx }) => {
  const result = await updateNotificationSettings(await getDb(), ctx.user.id, parsedInput);
  if (!result.ok) throw new ActionRefusal(result.error);
  revalidatePath('/account/notifications');
  return { saved: true };
});
