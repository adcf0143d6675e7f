import { getDb } from '@/db/client';
import { env, twilioConfig } from '@/lib/env';
import { withSecurityHeaders } from '@/lib/http/security-headers';
import { handleTwilioInbound } from '@/lib/notifications/sms-inbound';

const https = env.APP_URL.startsWith('https:');

/**
 * Inbound SMS from Twilio (STOP / START / HELP). Configure it as the number's "A message comes
 * in" webhook. The proxy skips webhook routes; the security headers are set here.
 */
export async function POST(request: Request): Promise<Response> {
  return withSecurityHeaders(await receive(request), { https });
}

async function receive(request: Request): Promise<Response> {
  if (!twilioConfig) return Response.json({ error: 'SMS is not configured on this server (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN).' }, { status: 404 });
  const support = env.EMAIL_FROM.match(/<([^>]+)>/)?.[1] ?? env.EMAIL_FROM;
  return handleTwilioInbound(await getDb(), request, {
    accountSid: twilioConfig.accountSid,
    authToken: twilioConfig.authToken,
    webhookUrl: `${env.APP_URL}/api/webhooks/twilio`,
    helpText: `Bursar: texts about your payments and subscription. Msg&data rates may apply. Reply STOP to stop, START to resume. Help: ${support}`,
  });
}
