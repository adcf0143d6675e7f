'use server';

import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { formSchema, hiddenFieldsOnly, userAction } from '@/lib/actions/client';
import {
  billingPortalInput,
  cancelSubscriptionAtPeriodEnd,
  changeCancellationInput,
  createBillingPortalSession,
  resumeSubscription,
  switchSubscriptionInterval as switchInterval,
  switchIntervalInput,
} from '@/lib/billing/subscription-actions';

// Thin public endpoints: the action client signs the caller in and validates the hidden
// fields; the domain functions load the subscription BY THIS USER and ask Stripe with an
// idempotency key from the form's attempt id. A refusal (SubscriptionActionError) reaches the
// form as its sentence.

const PAGE = '/account/subscription';

export const cancelAtPeriodEndAction = userAction
  .inputSchema(formSchema(changeCancellationInput.shape), hiddenFieldsOnly)
  .stateAction(async ({ parsedInput, ctx }) => {
    await cancelSubscriptionAtPeriodEnd(await getDb(), ctx.user, parsedInput);
    redirect(`${PAGE}?done=canceled`);
  });

export const resumeAction = userAction
  .inputSchema(formSchema(changeCancellationInput.shape), hiddenFieldsOnly)
  .stateAction(async ({ parsedInput, ctx }) => {
    await resumeSubscription(await getDb(), ctx.user, parsedInput);
    redirect(`${PAGE}?done=resumed`);
  });

export const switchIntervalAction = userAction
  .inputSchema(formSchema(switchIntervalInput.shape), hiddenFieldsOnly)
  .stateAction(async ({ parsedInput, ctx }) => {
    await switchInterval(await getDb(), ctx.user, parsedInput);
    redirect(`${PAGE}?done=switched`);
  });

export const openBillingPortalAction = userAction
  .inputSchema(formSchema(billingPortalInput.shape), hiddenFieldsOnly)
  .stateAction(async ({ parsedInput, ctx }) => {
    const { url } = await createBillingPortalSession(await getDb(), ctx.user, parsedInput);
    redirect(url);
  });
