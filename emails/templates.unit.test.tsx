import { render, toPlainText } from '@react-email/render';
import { describe, expect, it } from 'vitest';
import type { NotificationTemplate } from '@/lib/notifications/messages';
import { renderEmail } from '@/lib/notifications/render-email';
import { notificationTemplates, renderNotification } from '@/lib/notifications/templates';
import { PaymentFailedEmail } from './payment-failed';
import { PurchaseReceiptEmail } from './purchase-receipt';
import { RefundIssuedEmail } from './refund-issued';
import { templatePreviews } from '@/lib/notifications/previews';
import { DEFAULT_STORE_SETTINGS, toStoreSettings } from '@/lib/settings/store';
import { withEmailSeller } from './components/seller';


// What a reader must find in each preview, in both the HTML and the plain-text part.
const expected: { [T in NotificationTemplate]: string[] } = {
  'purchase-receipt': ['¥4,800', 'Discount (LAUNCH20)', '−¥1,200', '¥6,000', 'Practical TypeScript', 'November 27, 2026', '4242', 'BRS-7K2M-QP4X', 'http://localhost:3000/account/purchases/BRS-7K2M-QP4X'],
  'subscription-started': ['$29.00', 'All-Access', 'billed every month', 'December 27, 2026', '4444', 'BRS-3RTV-9WQA', 'http://localhost:3000/account/purchases/BRS-3RTV-9WQA'],
  'renewal-receipt': ['€290.00', 'November 27, 2027', '1881', 'BRS-0F8N-L2DC', 'http://localhost:3000/account/purchases/BRS-0F8N-L2DC', '/invoices/in_1QxYz2Example/pdf'],
  'refund-issued': ['$49.00', 'Design Systems in Practice', 'November 26, 2026', '4242', 'BRS-5HJD-2MZT', 'your access to Design Systems in Practice has ended', 'http://localhost:3000/account/purchases/BRS-5HJD-2MZT'],
  'duplicate-payment-refunded': ['$49.00', 'Design Systems in Practice', 'BR-7K2MQP4X02', 'BR-5HJD2MZT01', 'Visa •••• 4242', 'http://localhost:3000/account/purchases'],
  'payment-failed': ['$29.00', 'Your card was declined.', '0341', 'November 30, 2026', 'December 11, 2026', 'What to do next', 'http://localhost:12111/invoices/in_1QxYz3Example/hosted', '1 of 4', 'http://localhost:3000/account/subscription'],
  'payment-action-required': ['$190.00', 'All-Access (yearly)', '3-D Secure', 'December 11, 2026', 'http://localhost:12111/invoices/in_1QxYz3Example/hosted'],
  'payment-recovered': ['$29.00', 'All-Access (monthly)', 'December 2, 2026', '4242', 'A1B2C3D4-0008', 'Earlier attempts (2) did not charge you'],
  'subscription-ended': ['All-Access', 'December 18, 2026', 'renewal payment', '$29.00', 'Subscribe again', 'http://localhost:3000/pricing'],
  'trial-ending': ['December 8, 2026', '$29.00', 'Unless you cancel', 'http://localhost:3000/account/subscription'],
  'renewal-reminder': ['January 4, 2027', '$190.00', 'yearly', 'http://localhost:3000/account/subscription'],
  'card-expiring': ['Visa •••• 4242', '12/2026', 'January 4, 2027', 'http://localhost:3000/account/subscription'],
  'admin-alert': ['December 20, 2026', 'December 5, 2026', 'http://localhost:3000/admin/disputes/5d0c3b0e-2f9a-4b8e-9c41-1f2a3b4c5d6e'],
  'admin-alert-digest': ['Dispute opened: $49.00', 'Refund failed: €45.00', 'expired_or_canceled_card', 'http://localhost:3000/admin/alerts'],
  'bank-payment-processing': ['$49.00', 'US bank account •••• 6789', 'Processing', 'November 27, 2026', 'http://localhost:3000/account/purchases/BRS-8CVB-1NXE'],
  'bank-payment-failed': ['€45.00', 'insufficient funds', '3000', 'November 30, 2026', 'Try again', 'http://localhost:3000/courses/data-engineering-foundations?buy=1'],
};

const templates = Object.keys(notificationTemplates) as NotificationTemplate[];

describe('notification email templates', () => {
  it('has a template, a preview and expectations for every message type', () => {
    expect(templates.sort()).toEqual(Object.keys(templatePreviews).sort());
  });

  it.each(templates)('%s renders its preview to HTML and plain text', async (template) => {
    const { subject, react, sms } = renderNotification(template, templatePreviews[template]);
    const [html, text] = await Promise.all([render(react), render(react, { plainText: true })]);
    // React escapes "&" and quotes in HTML; compare against the decoded text.
    const decodedHtml = html.replaceAll('&amp;', '&').replaceAll('&#x27;', "'").replaceAll('&quot;', '"');
    for (const needle of expected[template]) {
      expect(decodedHtml, `HTML of ${template}`).toContain(needle);
      expect(text, `text of ${template}`).toContain(needle);
    }
    expect(html).toContain('<html');
    expect(text).not.toContain('<');
    expect(subject.length).toBeGreaterThan(10);
    expect(sms.length).toBeLessThan(320);
  });

  // renderEmail renders with React's static renderer, not @react-email/render's streaming one:
  // the same document but for the comment markers React's streaming leaves for hydration
  // (<!--$-->, <!--html-->, <!-- --> between adjacent texts…);
  // Outlook's conditional comments (<!--[if mso]>…) are content and stay.
  const streamMarkers = /<!--(?:\/?\$[?!]?|html|head|body| )-->/g;
  const withoutComments = (html: string) => html.replace(streamMarkers, '');
  it.each(templates)('%s: one render gives React Email\'s HTML (without React\'s stream markers) and its text', async (template) => {
    const { react } = renderNotification(template, templatePreviews[template]);
    const [html, text] = await Promise.all([render(react), render(react, { plainText: true })]);
    const rendered = await renderEmail(react);
    expect(rendered.html).toBe(withoutComments(html));
    expect(rendered.html).not.toMatch(streamMarkers);
    expect(rendered.text).toBe(text);
  });

  // renderEmail converts with a converter compiled once (html-to-text's `compile`) instead of
  // @react-email/render's `toPlainText`, which compiles it on every call: the text must not change
  // by a byte, with the seller block the sender adds, twice in a row (no state kept between calls).
  it.each(templates)('%s: the precompiled text conversion equals toPlainText, seller block included', async (template) => {
    const { react } = renderNotification(template, templatePreviews[template]);
    const withSeller = withEmailSeller(react, toStoreSettings(DEFAULT_STORE_SETTINGS, false));
    for (const element of [react, withSeller, react]) {
      const html = await render(element);
      const { text } = await renderEmail(element);
      expect(text).toBe(toPlainText(html));
      expect(text).toBe(await render(element, { plainText: true }));
    }
  });

  it('formats zero-decimal yen without decimals and dates in UTC', async () => {
    const late = { ...PurchaseReceiptEmail.PreviewProps, amount: 123456, paidAt: '2026-12-31T23:30:00.000Z' };
    const text = await render(renderNotification('purchase-receipt', late).react, { plainText: true });
    expect(text).toContain('¥123,456');
    expect(text).not.toContain('¥1,234.56');
    // 23:30 UTC on New Year's Eve is already January 1 in Tokyo; the email says December 31.
    expect(text).toContain('December 31, 2026');
  });

  it('shows a Checkout discount on the purchase receipt as the receipt page does: price, discount with its code, amount paid', async () => {
    const discounted = { ...PurchaseReceiptEmail.PreviewProps, amount: 3920, currency: 'usd', discount: { amount: 980, code: 'SPRING20' } };
    const text = await render(renderNotification('purchase-receipt', discounted).react, { plainText: true });
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    const at = (label: string) => lines.indexOf(label);
    expect(lines[at('Price') + 1]).toBe('$49.00');
    expect(lines[at('Discount (SPRING20)') + 1]).toBe('−$9.80');
    expect(lines[at('Amount paid') + 1]).toBe('$39.20');
    expect(at('Price')).toBeLessThan(at('Discount (SPRING20)'));
    expect(at('Discount (SPRING20)')).toBeLessThan(at('Amount paid'));
    expect(text).toContain('Your payment of $39.20 ($9.80 off with SPRING20) went through');

    // A discount without a code (a coupon applied another way) still shows; no discount, no lines.
    const uncoded = await render(renderNotification('purchase-receipt', { ...discounted, discount: { amount: 980, code: null } }).react, { plainText: true });
    expect(uncoded).toContain('Discount');
    expect(uncoded).toContain('−$9.80');
    for (const plain of [{ ...discounted, discount: null }, { ...discounted, discount: undefined }]) {
      const rendered = await render(renderNotification('purchase-receipt', plain).react, { plainText: true });
      expect(rendered).not.toContain('Discount');
      expect(rendered).not.toContain('Price');
      expect(rendered).toContain('Your payment of $39.20 went through');
    }
  });

  it('leaves out lines it has no data for and greets without a name', async () => {
    const bare = { ...PaymentFailedEmail.PreviewProps, learnerName: null, nextAttemptAt: null, payUrl: null, accessEndsAt: null, paymentMethod: null, reason: null };
    const text = await render(renderNotification('payment-failed', bare).react, { plainText: true });
    expect(text).toContain('Hello,');
    expect(text).not.toContain('Next automatic try');
    expect(text).not.toContain('null');
    expect(text).toContain('update your payment method in your account');
  });

  it('says access is kept when a refund keeps it', async () => {
    const kept = { ...RefundIssuedEmail.PreviewProps, accessKept: true };
    const text = await render(renderNotification('refund-issued', kept).react, { plainText: true });
    expect(text).toContain('You keep your access to Design Systems in Practice.');
  });
});
