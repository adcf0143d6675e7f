import type Stripe from 'stripe';
import { creditNoteTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A credit note's memo or metadata changed: its row converges.
 */
export const handleCreditNoteUpdated: WebhookHandler<Stripe.CreditNoteUpdatedEvent> = {
  targets: (event) => creditNoteTarget(event.data.object.id),
};
