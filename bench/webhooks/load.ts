import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** One request's outcome, as the client saw it. */
export type Sample = { ms: number; status: number; at: number; body?: string };

export type LoadResult = { samples: Sample[]; seconds: number };

/** The p-th percentile (0..1) of a list of numbers, nearest rank; NaN for an empty list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}

export type Post = (index: number) => Promise<Sample>;

/** Closed loop: `clients` clients, each sending its next request when the last one answered. Samples in request order. */
export async function closedLoop(count: number, clients: number, post: Post): Promise<LoadResult> {
  const samples: Sample[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) {
        const i = next++;
        samples[i] = await post(i);
      }
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}

/**
 * Open loop: request i starts at i / rate seconds whatever the server does (Stripe does not
 * wait for an endpoint before sending the next event), so a slow server shows as lag and
 * latency instead of lowering the offered rate.
 */
export async function openLoop(count: number, ratePerSecond: number, post: Post): Promise<LoadResult & { lateStarts: number; sendSeconds: number }> {
  const samples: Promise<Sample>[] = [];
  const started = performance.now();
  let lateStarts = 0;
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    else if (wait < -50) lateStarts += 1;
    samples.push(post(i));
  }
  const sendSeconds = (performance.now() - started) / 1000;
  const done = await Promise.all(samples);
  return { samples: done, seconds: (performance.now() - started) / 1000, lateStarts, sendSeconds };
}

export type LatencySummary = { count: number; perSecond: number; p50: number; p99: number; statuses: Record<string, number> };

export function summarize(results: LoadResult[]): LatencySummary {
  const samples = results.flatMap((r) => r.samples);
  const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
  const ms = samples.map((s) => s.ms);
  const statuses: Record<string, number> = {};
  for (const s of samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  return { count: samples.length, perSecond: samples.length / seconds, p50: percentile(ms, 0.5), p99: percentile(ms, 0.99), statuses };
}

// One keep-alive agent for every request the bench sends: node:http costs the client several
// times less CPU per request than fetch does, and the client shares the two cores with the
// servers it measures (the reference route and the app alike), so what it spends is taken from
// them. Stripe's deliveries come from elsewhere; the cheaper the client, the closer to that.
// An idle socket is dropped a second before the server's Keep-Alive timeout (Node applies the
// server's hint only below the agent's own timeout): reusing one the server is closing at that
// moment fails the request with ECONNRESET, a client artifact no sender should count.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 60_000 });

/** POSTs a body and times it until the whole answer has arrived. */
export function timedPost(url: string, body: string, headers: Record<string, string>, keepBody = false): Promise<Sample> {
  const at = performance.now();
  return new Promise((resolve) => {
    const failed = (error: Error) => resolve({ ms: performance.now() - at, status: 0, at, body: error.message });
    const request = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: 10_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', failed);
      response.on('end', () =>
        resolve({ ms: performance.now() - at, status: response.statusCode ?? 0, at, ...(keepBody ? { body: Buffer.concat(chunks).toString('utf8') } : {}) }),
      );
    });
    // Like a webhook sender that gives up: no answer within 10 s is a failed delivery.
    request.on('timeout', () => request.destroy(new Error('no answer within 10 s')));
    request.on('error', failed);
    request.end(body);
  });
}
