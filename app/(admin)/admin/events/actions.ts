'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { findStripeEvent, requeueStripeEvent } from '@/db/queries/stripe-events';
import { ActionRefusal, adminAction, formSchema, hiddenFieldsOnly } from '@/lib/actions/client';
import { importStripeEvent } from '@/lib/admin-events/import-event';
import { env } from '@/lib/env';
import { StripeFailure } from '@/lib/stripe/errors';

const eventId = z.string().regex(/^evt_[A-Za-z0-9_]{1,250}$/, 'This event id is not valid.');

/** Puts a recorded event back in its lane; the workers process it again (handlers are idempotent). */
export const replayEventAction = adminAction.inputSchema(formSchema({ eventId }), hiddenFieldsOnly).stateAction(async ({ parsedInput, ctx }) => {
  const db = await getDb();
  const before = await findStripeEvent(db, parsedInput.eventId);
  if (!before) throw new ActionRefusal('That event is not recorded here.');
  if (!before.lane) throw new ActionRefusal(`Bursar does not handle ${before.type} events, so there is nothing to replay.`);
  if (before.status === 'received') throw new ActionRefusal('That event is already waiting to be processed.');
  await db.transaction(async (tx) => {
    await requeueStripeEvent(tx, before.id);
    await appendAudit(tx, {
      actorType: 'admin',
      actorUserId: ctx.admin.id,
      action: 'stripe_event.replay',
      entityType: 'stripe_event',
      entityId: before.id,
      data: { type: before.type, before: { status: before.status, attempts: before.attempts, lastError: before.lastError }, after: { status: 'received', attempts: 0 } },
    });
  });
  revalidatePath('/admin/events', 'layout');
  return { queued: true };
});

/** Fetches an event Stripe could not deliver and records it for processing. */
export const importEventAction = adminAction.inputSchema(formSchema({ eventId }), hiddenFieldsOnly).stateAction(async ({ parsedInput, ctx }) => {
  const db = await getDb();
  let result;
  try {
    result = await importStripeEvent(db, parsedInput.eventId, env.WEBHOOK_COALESCE_MS);
  } catch (error) {
    if (error instanceof StripeFailure) throw new ActionRefusal(error.userMessage);
    throw error;
  }
  await appendAudit(db, {
    actorType: 'admin',
    actorUserId: ctx.admin.id,
    action: 'stripe_event.import',
    entityType: 'stripe_event',
    entityId: parsedInput.eventId,
    data: { result: result.status },
  });
  revalidatePath('/admin/events', 'layout');
  return result;
});
