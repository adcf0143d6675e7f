'use server';

import { redirect } from 'next/navigation';
import type { SubscriptionActionState } from '@/components/account/subscription-action-form';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/guards';
import {
  cancelSubscriptionAtPeriodEnd,
  createBillingPortalSession,
  resumeSubscription,
  SubscriptionActionError,
  switchSubscriptionInterval,
} from '@/lib/billing/subscription-actions';

// Thin public endpoints: every export here can be called by anyone with any body. Each signs
// the caller in, hands the raw form to the domain function (which validates it with zod and
// loads the subscription by this user), and answers a plain sentence or redirects.

const PAGE = '/account/subscription';
const SOMETHING_WRONG = 'Something went wrong on our side; nothing changed. Please try again.';

function failure(error: unknown): SubscriptionActionState {
  if (error instanceof SubscriptionActionError) return { error: error.message };
  console.error('subscription action failed', error);
  return { error: SOMETHING_WRONG };
}

const fieldsOf = (formData: FormData) => Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === 'string'));

export async function cancelAtPeriodEndAction(_prev: SubscriptionActionState, formData: FormData): Promise<SubscriptionActionState> {
  const user = await requireUser(PAGE);
  try {
    await cancelSubscriptionAtPeriodEnd(await getDb(), user, fieldsOf(formData));
  } catch (error) {
    return failure(error);
  }
  redirect(`${PAGE}?done=canceled`);
}

export async function resumeAction(_prev: SubscriptionActionState, formData: FormData): Promise<SubscriptionActionState> {
  const user = await requireUser(PAGE);
  try {
    await resumeSubscription(await getDb(), user, fieldsOf(formData));
  } catch (error) {
    return failure(error);
  }
  redirect(`${PAGE}?done=resumed`);
}

export async function switchIntervalAction(_prev: SubscriptionActionState, formData: FormData): Promise<SubscriptionActionState> {
  const user = await requireUser(PAGE);
  try {
    await switchSubscriptionInterval(await getDb(), user, fieldsOf(formData));
  } catch (error) {
    return failure(error);
  }
  redirect(`${PAGE}?done=switched`);
}

export async function openBillingPortalAction(_prev: SubscriptionActionState, formData: FormData): Promise<SubscriptionActionState> {
  const user = await requireUser(PAGE);
  let url: string;
  try {
    ({ url } = await createBillingPortalSession(await getDb(), user, fieldsOf(formData)));
  } catch (error) {
    return failure(error);
  }
  redirect(url);
}
