import twilio from 'twilio';
import type { Database } from '@/db/client';
import { applySmsKeyword } from '@/db/queries/sms';
import { phoneSchema } from './preferences';
import { verifyTwilioSignature } from './twilio';

// Keywords carriers and Twilio treat as opt-out, opt-in and help (first word, any case).
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const START_WORDS = new Set(['START', 'YES', 'UNSTOP', 'OPTIN']);
const HELP_WORDS = new Set(['HELP', 'INFO']);

export type Keyword = { action: 'opt_out' | 'opt_in' | 'help'; word: string } | null;

export function keywordOf(body: string): Keyword {
  const word = body.trim().split(/\s+/, 1)[0]?.toUpperCase().replace(/[^A-Z]/g, '') ?? '';
  if (STOP_WORDS.has(word)) return { action: 'opt_out', word };
  if (START_WORDS.has(word)) return { action: 'opt_in', word };
  if (HELP_WORDS.has(word)) return { action: 'help', word };
  return null;
}

/** Inbound bodies are a few hundred bytes; anything larger is not Twilio. */
const MAX_BODY_BYTES = 64 * 1024;

export type InboundConfig = {
  accountSid: string;
  authToken: string;
  /** The URL configured at Twilio for this webhook, built from APP_URL (never the request's Host). */
  webhookUrl: string;
  helpText: string;
  now?: Date;
};

const twiml = (message?: string) => {
  const response = new twilio.twiml.MessagingResponse();
  if (message) response.message(message);
  return new Response(response.toString(), { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' } });
};
const refuse = (status: number, message: string) => Response.json({ error: message }, { status });

/**
 * Twilio's inbound-message webhook: verifies the signature, then honours STOP / START / HELP.
 * STOP and START answer with an empty TwiML response because Twilio (and the carriers) send
 * their own confirmation for those keywords; HELP answers with who we are and how to stop.
 * A retried delivery of the same message (same MessageSid) changes nothing twice.
 */
export async function handleTwilioInbound(db: Database, request: Request, config: InboundConfig): Promise<Response> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return refuse(415, 'Expected an application/x-www-form-urlencoded body from Twilio.');
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return refuse(413, 'The body is larger than an inbound SMS webhook can be.');
  const raw = await request.text();
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) return refuse(413, 'The body is larger than an inbound SMS webhook can be.');

  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(raw)) params[key] = value;
  const query = new URL(request.url).search;
  const signed = verifyTwilioSignature({
    authToken: config.authToken,
    signature: request.headers.get('x-twilio-signature'),
    signatureSettings: request.headers.get('x-twilio-webhooks-signature-settings'),
    url: `${config.webhookUrl}${query}`,
    params,
  });
  if (!signed) return refuse(403, 'The X-Twilio-Signature header does not match this request.');
  if (params.AccountSid !== config.accountSid) return refuse(403, 'The message is for another Twilio account.');

  const from = phoneSchema.safeParse(params.From ?? '');
  const messageSid = params.MessageSid ?? params.SmsSid ?? '';
  if (!from.success || !/^(SM|MM)[0-9a-fA-F]{32}$/.test(messageSid)) return refuse(400, 'From must be an E.164 number and MessageSid a Twilio message id.');

  const keyword = keywordOf(params.Body ?? '');
  if (!keyword) return twiml();
  if (keyword.action === 'help') return twiml(config.helpText);
  await applySmsKeyword(db, { phone: from.data, action: keyword.action, keyword: keyword.word, providerMessageId: messageSid, at: config.now ?? new Date() });
  return twiml();
}
