'use client';

import { ActionForm, Field } from '@/components/forms/action-form';
import { requestSignInLink } from '@/lib/auth/actions';

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  return (
    <ActionForm
      action={requestSignInLink}
      hidden={{ callbackUrl: callbackUrl ?? '' }}
      submitLabel="Email me a sign-in link"
      pendingLabel="Sending link…"
      submitClassName="w-full"
      className="space-y-4"
    >
      <Field name="email" label="Email address">
        {(control) => <input {...control} type="email" autoComplete="email" required className="w-full rounded-md border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-600" />}
      </Field>
    </ActionForm>
  );
}
