import type Stripe from 'stripe';

/**
 * The JSON shape of a Stripe object as it travels over HTTP. The SDK's types describe
 * objects *after* the SDK has turned `*_decimal` strings into `Stripe.Decimal`; on the wire
 * (and in our store) they are plain strings, so builders use `satisfies Wire<Stripe.X>`.
 */
export type Wire<T> = T extends string | number | boolean | null | undefined
  ? T
  : T extends Stripe.Decimal
    ? string
    : T extends Array<infer U>
    ? Array<Wire<U>>
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** A Stripe event of one type, as sent on the wire. */
export type WireEventOf<T extends Stripe.Event['type']> = Wire<Extract<Stripe.Event, { type: T }>>;

/** The `data.object` carried by an event of a given type. */
export type EventObjectOf<T extends Stripe.Event['type']> = Wire<
  Extract<Stripe.Event, { type: T }>['data']['object']
>;

export type StripeList<T> = {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
};
