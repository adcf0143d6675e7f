'use client';

import { Button } from '@/components/ui/button';

export default function StoreError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-6">
      <h1 className="text-lg font-semibold text-red-900">Something went wrong loading the store</h1>
      <p className="mt-1 text-sm text-red-800">It is not you. Please try again; if it keeps happening, come back in a few minutes.</p>
      <Button className="mt-4" onClick={() => reset()}>
        Try again
      </Button>
    </div>
  );
}
