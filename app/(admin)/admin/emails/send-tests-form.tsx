'use client';

import { ActionForm } from '@/components/forms/action-form';
import { sendTemplateTestsAction } from './actions';

export function SendTestsForm({ attemptId, email }: { attemptId: string; email: string }) {
  return (
    <ActionForm
      action={sendTemplateTestsAction}
      hidden={{ attemptId }}
      submitLabel="Send every template to me"
      pendingLabel="Queuing…"
      successMessage={`Queued. Every template is on its way to ${email}.`}
      className="flex flex-col items-start gap-2"
    />
  );
}
