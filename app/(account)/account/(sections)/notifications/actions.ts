'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { getSessionUser } from '@/lib/auth/guards';
import { updateNotificationSettings } from '@/lib/account/settings';

export type FormState = { ok?: boolean; error?: string; field?: string };

export async function saveNotificationSettings(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await getSessionUser();
  if (!user) return { error: 'Please sign in again.' };
  const result = await updateNotificationSettings(await getDb(), user.id, Object.fromEntries(formData));
  if (!result.ok) return { error: result.error, field: result.field };
  revalidatePath('/account/notifications');
  return { ok: true };
}
