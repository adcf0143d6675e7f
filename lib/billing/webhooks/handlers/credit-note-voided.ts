import type Stripe from 'stripe';
import { creditNoteTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A credit note on an open invoice was voided (the amount due goes back up): its row turns void,
 * audited once.
 */
export const handleCreditNoteVoided: WebhookHandler<Stripe.CreditNoteVoidedEvent> = {
  targets: (event) => creditNoteTarget(event.data.object.id),
};
