import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local stand-in for Twilio's Messages REST endpoint, so SMS tests drive the real `twilio`
// SDK without the network. It checks Basic auth and the sender, records what was sent, and
// answers Twilio's documented errors for a few magic numbers (as Twilio's test credentials do).

export type FakeTwilioMessage = { sid: string; to: string; from: string | null; messagingServiceSid: string | null; body: string };

/** Recipients that make the fake answer an error, like Twilio's magic test numbers. */
export const FAKE_TWILIO_NUMBERS = {
  invalid: '+15005550001', // 21211: not a valid phone number
  optedOut: '+15005550004', // 21610: the recipient replied STOP
  serverError: '+15005550500', // 500: try again later
} as const;

export type FakeTwilio = { url: string; messages: FakeTwilioMessage[]; requests: number; close: () => Promise<void> };

export async function startFakeTwilio(credentials: { accountSid: string; authToken: string }): Promise<FakeTwilio> {
  const state: FakeTwilio = { url: '', messages: [], requests: 0, close: async () => {} };
  const server = createServer((req, res) => void handle(req, res));

  async function handle(req: IncomingMessage, res: ServerResponse) {
    state.requests += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const reply = (status: number, body: Record<string, unknown>) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, code: number, message: string) => reply(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

    const path = `/2010-04-01/Accounts/${credentials.accountSid}/Messages.json`;
    if (req.method !== 'POST' || req.url !== path) return error(404, 20404, `The requested resource ${req.url} was not found`);
    const expected = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return error(401, 20003, 'Authenticate');

    const to = form.get('To') ?? '';
    const from = form.get('From');
    const messagingServiceSid = form.get('MessagingServiceSid');
    const body = form.get('Body') ?? '';
    if (!from && !messagingServiceSid) return error(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message");
    if (!/^\+[1-9]\d{6,14}$/.test(to) || to === FAKE_TWILIO_NUMBERS.invalid) return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (to === FAKE_TWILIO_NUMBERS.optedOut) return error(400, 21610, 'Attempt to send to unsubscribed recipient');
    if (to === FAKE_TWILIO_NUMBERS.serverError) return error(500, 20500, 'Internal Server Error');
    if (body.length === 0) return error(400, 21602, 'Message body is required.');

    const sid = `SM${randomBytes(16).toString('hex')}`;
    state.messages.push({ sid, to, from, messagingServiceSid, body });
    reply(201, {
      sid,
      account_sid: credentials.accountSid,
      to,
      from,
      messaging_service_sid: messagingServiceSid,
      body,
      status: 'queued',
      num_segments: '1',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      date_created: new Date().toUTCString(),
      uri: `${path.replace('.json', '')}/${sid}.json`,
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}
