import type Stripe from 'stripe';

type Loose = Record<string, unknown>;
const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : value && typeof value === 'object' && typeof (value as Loose).id === 'string' ? ((value as Loose).id as string) : null);

/**
 * The lane of an event: the Stripe object whose state it is about. Events of one lane are
 * processed in order, one batch at a time, and a burst of them costs one re-read. A
 * purchase's session, intent, charge, refund and dispute events share the PaymentIntent's
 * lane; a subscription's invoices share the subscription's. Only ids are read from the
 * payload — routing, not state — so a forged field can at worst misfile an event, which is
 * then processed by re-reading Stripe like any other.
 */
export function laneOf(event: Pick<Stripe.Event, 'type' | 'data'>): string | null {
  const object = event.data.object as unknown as Loose;
  const id = str(object.id);
  const [family] = event.type.split('.');
  switch (family) {
    case 'checkout':
      return str(object.payment_intent) ?? str(object.subscription) ?? id;
    case 'payment_intent':
      return id;
    case 'charge':
      // charge.*, charge.refund.*, charge.dispute.*: all about the payment.
      return str(object.payment_intent) ?? str(object.charge) ?? id;
    case 'refund':
      return str(object.payment_intent) ?? str(object.charge) ?? id;
    case 'invoice': {
      const parent = object.parent as Loose | null | undefined;
      const details = parent?.subscription_details as Loose | null | undefined;
      return str(details?.subscription) ?? id ?? str(object.customer);
    }
    case 'customer':
      // customer.subscription.* → the subscription; customer.* → the customer.
      return id;
    case 'payment_method':
      return str(object.customer) ?? id;
    default:
      return id;
  }
}
