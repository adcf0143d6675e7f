'use server';

import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { deleteAccount } from '@/lib/account/delete-account';
import { updateProfileName } from '@/lib/account/settings';
import { getSessionUser } from '@/lib/auth/guards';
import { signOut } from '@/lib/auth';

export type ProfileState = { ok?: boolean; error?: string };

export async function saveProfile(_prev: ProfileState, formData: FormData): Promise<ProfileState> {
  const user = await getSessionUser();
  if (!user) return { error: 'Please sign in again.' };
  const result = await updateProfileName(await getDb(), user.id, formData.get('name'));
  if (!result.ok) return { error: result.error };
  revalidatePath('/account', 'layout');
  return { ok: true };
}

export async function deleteMyAccount(_prev: ProfileState, formData: FormData): Promise<ProfileState> {
  const user = await getSessionUser();
  if (!user) return { error: 'Please sign in again.' };
  if (formData.get('confirm') !== 'DELETE') return { error: 'Type DELETE in capitals to confirm.' };
  const result = await deleteAccount(await getDb(), user.id);
  if (!result.ok) return { error: result.error };
  // The sessions are gone already; this clears the cookie too.
  await signOut({ redirect: false });
  redirect('/?account=deleted');
}
