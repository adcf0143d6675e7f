'use server';

import { z } from 'zod';
import { getDb } from '@/db/client';
import { adminAction, formSchema, hiddenFieldsOnly } from '@/lib/actions/client';
import { resendFailedNotification } from '@/lib/notifications-admin/resend';

export const resendNotificationAction = adminAction
  .inputSchema(formSchema({ outboxId: z.uuid('This page is out of date. Reload it and try again.') }), hiddenFieldsOnly)
  .stateAction(async ({ parsedInput, ctx }) => {
    const { requeued } = await resendFailedNotification(await getDb(), ctx.admin.id, parsedInput.outboxId);
    return { requeued };
  });
