import type Stripe from 'stripe';
import { findCheckoutSessionIdForIntent, retrieveCheckoutSessionForSync } from '@/lib/stripe/checkout';
import { retrieveCreditNote } from '@/lib/stripe/credit-notes';
import { retrieveCustomer, retrievePaymentMethod } from '@/lib/stripe/customers';
import { listRefundsOfCharge, retrieveChargeForSync, retrieveDispute, retrievePaymentIntentForSync } from '@/lib/stripe/payments';
import { retrieveInvoiceForSync, retrieveSubscriptionForSync } from '@/lib/stripe/subscriptions';

/**
 * The read phase of a sync: every Stripe read goes through here, memoised by object, so a
 * burst of events about one object costs one read (a session read also answers for its
 * PaymentIntent). Once `freeze()` is called — the database transaction is about to open —
 * a read that was not made before throws instead of reaching the network with locks held.
 */
export class StripeSnapshotReader {
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly sessionByIntent = new Map<string, string>();
  private frozen = false;
  /** Network reads this reader made (for benchmarks and the event's result line). */
  reads = 0;

  freeze(): void {
    this.frozen = true;
  }

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    const known = this.memo.get(key);
    if (known) return known as Promise<T>;
    if (this.frozen) throw new Error(`Stripe read of ${key} after the read phase: reads must happen before the transaction`);
    this.reads += 1;
    const pending = read();
    this.memo.set(key, pending);
    // A failed read is not cached: the batch fails and its retry reads again.
    pending.catch(() => this.memo.delete(key));
    return pending;
  }

  async checkoutSession(id: string): Promise<Stripe.Checkout.Session> {
    const session = await this.once(`cs:${id}`, () => retrieveCheckoutSessionForSync(id));
    const intent = session.payment_intent;
    if (intent && typeof intent === 'object') {
      this.sessionByIntent.set(intent.id, session.id);
      if (!this.memo.has(`pi:${intent.id}`)) this.memo.set(`pi:${intent.id}`, Promise.resolve(intent));
    }
    return session;
  }

  paymentIntent(id: string): Promise<Stripe.PaymentIntent> {
    return this.once(`pi:${id}`, () => retrievePaymentIntentForSync(id));
  }

  /** The Checkout session an intent came from, when a session read of this batch said so (no network, no database). */
  knownSessionForIntent(intentId: string): string | null {
    return this.sessionByIntent.get(intentId) ?? null;
  }

  /** The Checkout session an intent came from: known from a session read, else asked. */
  async checkoutSessionIdForIntent(intentId: string): Promise<string | null> {
    const known = this.sessionByIntent.get(intentId);
    if (known) return known;
    return this.once(`cs-for:${intentId}`, () => findCheckoutSessionIdForIntent(intentId));
  }

  charge(id: string): Promise<Stripe.Charge> {
    return this.once(`ch:${id}`, () => retrieveChargeForSync(id));
  }

  /** The charge as it hangs off its intent when it is the latest one (no extra read). */
  async chargeOf(intentId: string, chargeId: string): Promise<Stripe.Charge> {
    const intent = await this.paymentIntent(intentId);
    const latest = intent.latest_charge;
    if (latest && typeof latest === 'object' && latest.id === chargeId) return latest;
    return this.charge(chargeId);
  }

  refundsOfCharge(chargeId: string): Promise<Stripe.Refund[]> {
    return this.once(`refunds:${chargeId}`, () => listRefundsOfCharge(chargeId));
  }

  dispute(id: string): Promise<Stripe.Dispute> {
    return this.once(`dp:${id}`, () => retrieveDispute(id));
  }

  subscription(id: string): Promise<Stripe.Subscription> {
    return this.once(`sub:${id}`, () => retrieveSubscriptionForSync(id));
  }

  invoice(id: string): Promise<Stripe.Invoice> {
    return this.once(`in:${id}`, () => retrieveInvoiceForSync(id));
  }

  creditNote(id: string): Promise<Stripe.CreditNote> {
    return this.once(`cn:${id}`, () => retrieveCreditNote(id));
  }

  customer(id: string): Promise<Stripe.Customer | Stripe.DeletedCustomer> {
    return this.once(`cus:${id}`, () => retrieveCustomer(id));
  }

  paymentMethod(id: string): Promise<Stripe.PaymentMethod> {
    return this.once(`pm:${id}`, () => retrievePaymentMethod(id));
  }

  /** The expanded intent's latest charge, when it came with the read. */
  static latestChargeOf(intent: Stripe.PaymentIntent): Stripe.Charge | null {
    return intent.latest_charge && typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  }
}
