import Stripe from 'stripe';
import type { RequestBudget } from './budget';
import { endpointOf } from './budget';
import { countRequest, notePeak } from './call-stats';

type HttpClient = ReturnType<typeof Stripe.createNodeHttpClient>;

/**
 * The SDK's own Node HTTP client behind the request budget: every request the SDK sends,
 * retries included, first waits for a slot (its endpoint's and the account's), and gives it
 * back once the answer is in, so a burst of webhook work queues here instead of turning into
 * 429s.
 */
export function createBudgetedHttpClient(budget: RequestBudget): HttpClient {
  const inner = Stripe.createNodeHttpClient();
  const client = Object.create(inner) as HttpClient;
  client.getClientName = () => `budgeted-${inner.getClientName()}`;
  // Requests this process started in the last second (for the call statistics' peak).
  const starts: number[] = [];
  client.makeRequest = async (host, port, path, method, headers, requestData, protocol, timeout) => {
    const endpoint = endpointOf(method, path);
    const release = await budget.acquire(endpoint);
    const now = Date.now();
    starts.push(now);
    while ((starts[0] as number) <= now - 1000) starts.shift();
    notePeak(starts.length);
    try {
      const response = await inner.makeRequest(host, port, path, method, headers, requestData, protocol, timeout);
      countRequest(endpoint, response.getStatusCode());
      return response;
    } catch (error) {
      countRequest(endpoint, 'error');
      throw error;
    } finally {
      release();
    }
  };
  return client;
}
