import type Stripe from 'stripe';
import type { Wire } from '../core/wire';

export type PaymentIntentObject = Wire<Stripe.PaymentIntent>;
export type ChargeObject = Wire<Stripe.Charge>;
export type BalanceTransactionObject = Wire<Stripe.BalanceTransaction>;
export type RefundObject = Wire<Stripe.Refund>;
