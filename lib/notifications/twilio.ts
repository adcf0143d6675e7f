import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

type RequestOptions<TData> = RequestClient.RequestOptions<TData>;

export type TwilioConfig = {
  accountSid: string;
  authToken: string;
  /** The sender number (E.164), or null when a messaging service picks it. */
  from: string | null;
  messagingServiceSid: string | null;
  /** Another base URL for the REST API (an edge proxy, or a local fake in tests). */
  apiBaseUrl: string | null;
};

/**
 * The SDK's own HTTP client with every request sent to `base` instead of api.twilio.com:
 * the path, auth, retries and error mapping stay the SDK's.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly base: URL) {
    super({ timeout: 15_000 });
  }
  override request<TData>(opts: RequestOptions<TData>) {
    const target = new URL(opts.uri);
    target.protocol = this.base.protocol;
    target.host = this.base.host;
    target.pathname = `${this.base.pathname.replace(/\/$/, '')}${target.pathname}`;
    return super.request<TData>({ ...opts, uri: target.href });
  }
}

export type TwilioSend = { sid: string; status: string; segments: number | null };

/** Sends one text through Twilio's Messages API; a refusal throws the SDK's RestException. */
export function createTwilioSender(config: TwilioConfig): (message: { to: string; body: string }) => Promise<TwilioSend> {
  const client = twilio(config.accountSid, config.authToken, {
    httpClient: config.apiBaseUrl ? new RebasedRequestClient(new URL(config.apiBaseUrl)) : undefined,
    autoRetry: true,
    maxRetries: 2,
    timeout: 15_000,
  });
  return async ({ to, body }) => {
    const message = await client.messages.create({
      to,
      body,
      ...(config.messagingServiceSid ? { messagingServiceSid: config.messagingServiceSid } : { from: config.from ?? undefined }),
    });
    return { sid: message.sid, status: message.status, segments: message.numSegments ? Number(message.numSegments) : null };
  };
}

/**
 * Checks Twilio's signature on an inbound webhook: HMAC over the URL Twilio was configured
 * with (built from APP_URL, never from the request's Host) and the sorted form parameters.
 */
export function verifyTwilioSignature(input: {
  authToken: string;
  signature: string | null;
  signatureSettings: string | null;
  url: string;
  params: Record<string, string>;
}): boolean {
  if (!input.signature) return false;
  const algorithm = twilio.getSignatureAlgorithm(input.signatureSettings);
  return twilio.validateRequest(input.authToken, input.signature, input.url, input.params, algorithm);
}
