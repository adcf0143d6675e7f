'use client';

import { Button } from '@/components/ui/button';

export default function AccountError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-6">
      <h1 className="text-lg font-semibold text-red-900">We could not load this part of your account</h1>
      <p className="mt-1 text-sm text-red-800">Nothing was changed. Please try again in a moment.</p>
      <Button className="mt-4" onClick={() => reset()}>Try again</Button>
    </div>
  );
}
