'use client';

import { AdminSectionError } from '@/components/admin-catalog/section-error';

export default function AuditError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AdminSectionError title="We could not load the audit log" reset={reset} digest={error.digest} />;
}
