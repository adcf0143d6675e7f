import type Stripe from 'stripe';
import { creditNoteTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A credit note was issued on an invoice (from the admin's refund of a subscription payment, or
 * in Stripe's dashboard): its row converges, audited once. The refund it made has its own
 * `refund.created` / `charge.refunded` events, which move the payment and notify the learner.
 */
export const handleCreditNoteCreated: WebhookHandler<Stripe.CreditNoteCreatedEvent> = {
  targets: (event) => creditNoteTarget(event.data.object.id),
};
