import { render } from '@react-email/render';
import type { Database } from '@/db/client';
import { withEmailSeller } from '@/emails/components/seller';
import { parseNotificationData } from '@/lib/notifications/messages';
import { prepareSms } from '@/lib/notifications/sms-text';
import { isNotificationTemplate, renderNotification } from '@/lib/notifications/templates';
import { getStoreSettings } from '@/lib/settings/store';

export type RenderedPreview = { ok: true; subject: string; html: string; sms: string } | { ok: false; reason: string };

/**
 * A queued message as its recipient gets (or got) it: rendered from the stored data with the
 * current store settings, as the worker would send it now. Data that no longer fits its
 * template is reported, not thrown.
 */
export async function renderOutboxPreview(db: Database, message: { template: string; data: unknown }): Promise<RenderedPreview> {
  if (!isNotificationTemplate(message.template)) return { ok: false, reason: `This version of Bursar does not know the template “${message.template}”.` };
  let rendered: ReturnType<typeof renderNotification>;
  try {
    rendered = renderNotification(message.template, parseNotificationData(message.template, message.data));
  } catch {
    return { ok: false, reason: 'The stored data no longer fits this template, so it cannot be shown (the worker will report the same).' };
  }
  const html = await render(withEmailSeller(rendered.react, await getStoreSettings(db)));
  return { ok: true, subject: rendered.subject, html, sms: prepareSms(rendered.sms).text };
}
