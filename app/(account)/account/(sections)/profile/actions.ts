'use server';

import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { deleteAccount } from '@/lib/account/delete-account';
import { profileNameSchema } from '@/lib/account/profile-name';
import { updateProfileName } from '@/lib/account/settings';
import { ActionRefusal, formSchema, userAction } from '@/lib/actions/client';
import { signOut } from '@/lib/auth';

export const saveProfile = userAction.inputSchema(formSchema({ name: profileNameSchema })).stateAction(async ({ parsedInput, ctx }) => {
  await updateProfileName(await getDb(), ctx.user.id, parsedInput.name);
  revalidatePath('/account', 'layout');
  return { saved: true };
});

export const deleteMyAccount = userAction
  .inputSchema(formSchema({ confirm: z.literal('DELETE', { error: 'Type DELETE in capitals to confirm.' }) }))
  .stateAction(async ({ ctx }) => {
    const result = await deleteAccount(await getDb(), ctx.user.id);
    if (!result.ok) throw new ActionRefusal(result.error);
    // The sessions are gone already; this clears the cookie too.
    await signOut({ redirect: false });
    redirect('/?account=deleted');
  });
