'use client';

import { ActionForm } from '@/components/forms/action-form';
import { importEventAction, replayEventAction } from './actions';

export function ReplayEventButton({ eventId }: { eventId: string }) {
  return (
    <ActionForm
      action={replayEventAction}
      hidden={{ eventId }}
      submitLabel="Replay event"
      pendingLabel="Queuing…"
      successMessage="Queued. The workers process it within seconds; reload to see the outcome."
      variant="secondary"
    />
  );
}

export function ImportEventButton({ eventId }: { eventId: string }) {
  return (
    <ActionForm
      action={importEventAction}
      hidden={{ eventId }}
      submitLabel="Fetch and process"
      pendingLabel="Fetching…"
      successMessage="Recorded and queued."
      variant="secondary"
      submitClassName="px-3 py-1.5"
      className="space-y-1"
    />
  );
}
