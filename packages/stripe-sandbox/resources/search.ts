import { invalidRequest } from '../core/errors';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import { matches, parseQuery } from '../core/search';
import type { StoredObject } from '../core/store';

type FieldType = 'string' | 'number' | 'boolean';
interface Searchable {
  path: string;
  collection: string;
  fields: Record<string, FieldType>;
  /** Where a query field lives when it is not the same path on the object. */
  paths?: Record<string, string>;
}

/** The searchable fields Stripe documents for each resource (https://docs.stripe.com/search#query-fields). */
const SEARCHABLE: Searchable[] = [
  { path: '/v1/customers/search', collection: 'customer', fields: { created: 'number', email: 'string', name: 'string', phone: 'string' } },
  {
    path: '/v1/charges/search',
    collection: 'charge',
    fields: {
      amount: 'number',
      'billing_details.address.postal_code': 'string',
      created: 'number',
      currency: 'string',
      customer: 'string',
      disputed: 'boolean',
      'payment_method_details.card.last4': 'string',
      'payment_method_details.card.brand': 'string',
      'payment_method_details.card.exp_month': 'number',
      'payment_method_details.card.exp_year': 'number',
      'payment_method_details.card.fingerprint': 'string',
      payment_intent: 'string',
      refunded: 'boolean',
      status: 'string',
    },
  },
  {
    path: '/v1/payment_intents/search',
    collection: 'payment_intent',
    fields: { amount: 'number', created: 'number', currency: 'string', customer: 'string', status: 'string' },
  },
  {
    path: '/v1/subscriptions/search',
    collection: 'subscription',
    fields: { created: 'number', status: 'string', customer: 'string' },
  },
  {
    path: '/v1/invoices/search',
    collection: 'invoice',
    fields: {
      created: 'number',
      currency: 'string',
      customer: 'string',
      number: 'string',
      receipt_number: 'string',
      status: 'string',
      subscription: 'string',
      total: 'number',
    },
    paths: { subscription: 'parent.subscription_details.subscription' },
  },
];

/**
 * The Search API: `GET /v1/<resource>/search?query=…&limit=&page=`. Results are newest first
 * and current at once (Stripe's index lags by up to a minute; the sandbox's does not). The
 * page token is the offset of the next page.
 */
export function registerSearch(sandbox: Sandbox): void {
  for (const r of SEARCHABLE) {
    sandbox.router.get(r.path, ({ input }) => {
      const p = s.decodeShape({ query: s.required(s.string({ max: 10_000 })), limit: s.integer({ min: 1, max: 100 }), page: s.string() }, input);
      const q = parseQuery(p.query, r.fields);
      const offset = p.page ? Number(Buffer.from(p.page, 'base64url').toString('utf8').replace(/^offset:/, '')) : 0;
      if (!Number.isInteger(offset) || offset < 0) throw invalidRequest('Invalid page token.', { param: 'page' });
      const limit = p.limit ?? 10;
      const hits = sandbox.store.all<StoredObject>(r.collection).filter((o) => matches(q, o, r.paths));
      const data = hits.slice(offset, offset + limit);
      const hasMore = offset + limit < hits.length;
      return {
        object: 'search_result',
        data,
        has_more: hasMore,
        next_page: hasMore ? Buffer.from(`offset:${offset + limit}`).toString('base64url') : null,
        total_count: hits.length,
        url: r.path,
      };
    });
  }
}
