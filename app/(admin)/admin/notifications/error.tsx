'use client';

import { AdminSectionError } from '@/components/admin-catalog/section-error';

export default function NotificationsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AdminSectionError title="We could not load the notifications" reset={reset} digest={error.digest} />;
}
