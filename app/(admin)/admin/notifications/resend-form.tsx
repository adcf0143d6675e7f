'use client';

import { ActionForm } from '@/components/forms/action-form';
import { resendNotificationAction } from './actions';

/** Puts a failed message back in the queue; a second click (or admin) changes nothing. */
export function ResendForm({ outboxId, label }: { outboxId: string; label: string }) {
  return (
    <ActionForm
      action={resendNotificationAction}
      hidden={{ outboxId }}
      submitLabel="Resend"
      submitAriaLabel={`Resend ${label}`}
      pendingLabel="Queuing…"
      variant="secondary"
      successMessage="Queued again; it goes out within a minute."
      submitClassName="px-2 py-1 text-xs"
    />
  );
}
