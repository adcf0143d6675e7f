import Link from 'next/link';
import { getSessionUser } from '@/lib/auth/guards';
import { ActionForm } from '@/components/forms/action-form';
import { signOutAction } from '@/lib/auth/actions';
import { buttonClass } from '@/components/ui/button';

export async function SiteHeader() {
  const user = await getSessionUser();
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
          {user?.role === 'admin' ? (
            <Link href="/admin" className="hover:text-brand-600">
              Admin
            </Link>
          ) : null}
        </div>
        <div className="ml-auto flex items-center gap-3 text-sm">
          {user ? (
            <>
              <span className="hidden text-slate-600 sm:inline" data-testid="signed-in-as">
                {user.email}
              </span>
              <ActionForm action={signOutAction} submitLabel="Sign out" pendingLabel="Signing out…" variant="secondary" submitClassName="py-1.5" />
            </>
          ) : (
            <Link href="/sign-in" className={buttonClass('primary', 'py-1.5')}>
              Sign in
            </Link>
          )}
        </div>
      </nav>
    </header>
  );
}
