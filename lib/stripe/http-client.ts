import Stripe from 'stripe';
import type { StripeRequestBudget } from './budget';
import { endpointOf } from './budget';
import { countRequest, notePeak } from './call-stats';

type HttpClient = ReturnType<typeof Stripe.createNodeHttpClient>;

/**
 * The SDK's own Node HTTP client behind the request budget: every request the SDK sends,
 * retries included, first waits for its endpoint's and the account's budget, so a burst of
 * webhook work queues here instead of turning into 429s.
 */
export function createBudgetedHttpClient(budget: StripeRequestBudget): HttpClient {
  const inner = Stripe.createNodeHttpClient();
  const client = Object.create(inner) as HttpClient;
  client.getClientName = () => `budgeted-${inner.getClientName()}`;
  client.makeRequest = async (host, port, path, method, headers, requestData, protocol, timeout) => {
    const endpoint = endpointOf(method, path);
    await budget.acquire(endpoint);
    notePeak(budget.account.inWindow());
    try {
      const response = await inner.makeRequest(host, port, path, method, headers, requestData, protocol, timeout);
      countRequest(endpoint, response.getStatusCode());
      return response;
    } catch (error) {
      countRequest(endpoint, 'error');
      throw error;
    }
  };
  return client;
}
