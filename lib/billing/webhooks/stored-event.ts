import type Stripe from 'stripe';
import { z } from 'zod';

// What a stored payload must look like to be processed: Stripe's envelope with an object
// that has an id. Checked when the row is read back (a row edited by hand, or written by an
// older version, fails here with a clear error instead of deep inside a handler).
const storedEnvelope = z.object({
  id: z.string().startsWith('evt_'),
  type: z.string().min(1),
  created: z.number().int(),
  data: z.object({ object: z.object({ id: z.string().optional() }).catchall(z.unknown()) }),
});

export function parseStoredEvent(payload: unknown): Stripe.Event {
  const result = storedEnvelope.safeParse(payload);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`stored event payload is not a Stripe event (${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'})`);
  }
  // The envelope is checked; handlers read only ids from the object (then re-read Stripe).
  return result.data as unknown as Stripe.Event;
}
