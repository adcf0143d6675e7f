'use server';

import { getDb } from '@/db/client';
import { adminAction, formSchema } from '@/lib/actions/client';
import { sendTemplateTests, sendTemplateTestsInput } from '@/lib/notifications/template-tests';

export const sendTemplateTestsAction = adminAction.inputSchema(formSchema(sendTemplateTestsInput.shape)).stateAction(async ({ parsedInput, ctx }) => {
  return sendTemplateTests(await getDb(), ctx.admin, parsedInput);
});
