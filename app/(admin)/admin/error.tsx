'use client';

import { useEffect } from 'react';
import { Button } from '@/components/ui/button';

/** An admin page failed to render: say so plainly, keep the shell, offer a retry. */
export default function AdminError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    // eslint-disable-next-line no-console -- a client component: this goes to the admin's browser console.
    console.error('admin page failed', error.digest ?? error.name);
  }, [error]);
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-6">
      <h1 className="text-lg font-semibold text-red-900">This page could not be loaded</h1>
      <p className="mt-2 text-sm text-red-800">
        Nothing was changed. Try again; if it keeps failing, the server log has the details
        {error.digest ? (
          <>
            {' '}
            under reference <code className="font-mono">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <Button type="button" variant="secondary" className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
