'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { reloadVisitor, useVisitor } from '@/components/visitor/use-visitor';
import { signOutAction } from '@/lib/auth/actions';

/**
 * The site header. Its HTML is the same for every visitor (the storefront pages are cached
 * whole); who is signed in is a hole filled from /api/visitor after load. Until then the
 * account slot is empty and busy — never a "Sign in" that a signed-in learner would see flash.
 */
export function SiteHeader() {
  const { status, visitor } = useVisitor();
  const user = visitor?.signedIn ? visitor : null;
  const known = visitor !== null;
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="text-lg font-bold text-brand-600">
          Bursar
        </Link>
        <div className="flex items-center gap-4 text-sm font-medium text-slate-700">
          <Link href="/" className="hover:text-brand-600">
            Courses
          </Link>
          <Link href="/pricing" className="hover:text-brand-600">
            All-Access
          </Link>
          {user ? (
            <Link href="/account" className="hover:text-brand-600">
              My account
            </Link>
          ) : null}
          {user?.isAdmin ? (
            <Link href="/admin" className="hover:text-brand-600">
              Admin
            </Link>
          ) : null}
        </div>
        <div className="ml-auto flex min-h-8 items-center gap-3 text-sm" data-testid="account-slot" data-visitor={known ? (user ? 'signed-in' : 'anonymous') : status} aria-busy={!known && status === 'loading'}>
          {user ? (
            <>
              <span className="hidden text-slate-600 sm:inline" data-testid="signed-in-as">
                {user.email}
              </span>
              <SignOutForm />
            </>
          ) : known ? (
            <Link href="/sign-in" className={buttonClass('primary', 'py-1.5')}>
              Sign in
            </Link>
          ) : status === 'error' ? (
            // Who is looking is unknown: /account works for both (visitors are sent to sign in).
            <Link href="/account" className={buttonClass('secondary', 'py-1.5')}>
              Account
            </Link>
          ) : null}
        </div>
      </nav>
    </header>
  );
}

/**
 * Sign out. Without JavaScript a plain post to the action (which redirects home). With it, the
 * action is called here: its redirect rejects the call (Next still navigates) and may land on
 * the page already shown, where nothing would ask /api/visitor again — so ask it here.
 */
function SignOutForm() {
  const [pending, setPending] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    try {
      await signOutAction({}, new FormData(event.currentTarget));
    } catch {
      // The redirect home, expected; any other failure shows in the header asked again below.
    }
    reloadVisitor();
    setPending(false);
  };
  return (
    <form action={signOutAction as unknown as (formData: FormData) => Promise<void>} onSubmit={submit}>
      <button type="submit" disabled={pending} aria-busy={pending} className={buttonClass('secondary', 'py-1.5')}>
        {pending ? 'Signing out…' : 'Sign out'}
      </button>
    </form>
  );
}
