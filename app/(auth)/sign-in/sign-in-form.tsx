'use client';

import { useActionState } from 'react';
import { requestSignInLink, type SignInState } from '@/lib/auth/actions';
import { buttonClass } from '@/components/ui/button';

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(requestSignInLink, {});
  return (
    <form action={action} noValidate className="space-y-4">
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ''} />
      <div>
        <label htmlFor="email" className="block text-sm font-medium">Email address</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.email}
          aria-invalid={state.error ? true : undefined}
          aria-describedby={state.error ? 'email-error' : undefined}
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2"
        />
        {state.error ? (
          <p id="email-error" role="alert" className="mt-1 text-sm text-red-700">{state.error}</p>
        ) : null}
      </div>
      <button type="submit" disabled={pending} className={buttonClass('primary', 'w-full')}>
        {pending ? 'Sending link…' : 'Email me a sign-in link'}
      </button>
    </form>
  );
}
