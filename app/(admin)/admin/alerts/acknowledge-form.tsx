'use client';

import { ActionForm } from '@/components/forms/action-form';
import { acknowledgeAlertAction } from './actions';

export function AcknowledgeForm({ alertId, title }: { alertId: string; title: string }) {
  return (
    <ActionForm
      action={acknowledgeAlertAction}
      hidden={{ alertId }}
      submitLabel="Acknowledge"
      submitAriaLabel={`Acknowledge: ${title}`}
      pendingLabel="Saving…"
      variant="secondary"
      successMessage="Acknowledged."
      className="flex flex-col items-end gap-1"
    />
  );
}
