'use client';

import { Button } from '@/components/ui/button';

/** The error state of an admin section: nothing changed, try again (the digest is for the logs). */
export function AdminSectionError({ title, reset, digest }: { title: string; reset: () => void; digest?: string }) {
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-6">
      <h1 className="text-lg font-semibold text-red-900">{title}</h1>
      <p className="mt-1 text-sm text-red-800">Nothing was changed. Please try again in a moment.{digest ? ` (Reference ${digest})` : ''}</p>
      <Button className="mt-4" onClick={() => reset()}>
        Try again
      </Button>
    </div>
  );
}
