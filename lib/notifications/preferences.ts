import { z } from 'zod';
import type { EmailPreferences } from '@/db/schema/auth';

/**
 * Optional mail a learner may turn off (receipts and billing alerts are always sent: they
 * are records of money and legal notices). Marketing is opt-in; reminders are opt-out.
 */
export const OPTIONAL_EMAILS = {
  renewalReminders: { label: 'Renewal reminders', description: 'A note a few days before All-Access renews.', default: true },
  productNews: { label: 'New courses and product news', description: 'At most once a month.', default: false },
} as const;

export type OptionalEmail = keyof typeof OPTIONAL_EMAILS;

export function wantsEmail(preferences: EmailPreferences, kind: OptionalEmail): boolean {
  return preferences[kind] ?? OPTIONAL_EMAILS[kind].default;
}

/** E.164 after removing spaces, dashes, dots and brackets people type. */
export const phoneSchema = z
  .string()
  .trim()
  .transform((value) => value.replace(/[\s\-().]/g, ''))
  .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, { error: 'Enter the number with its country code, like +1 415 555 0100.' }));

export const notificationSettingsSchema = z
  .object({
    renewalReminders: z.literal('on').optional(),
    productNews: z.literal('on').optional(),
    phone: z.union([z.literal(''), phoneSchema]).optional(),
    smsOptIn: z.literal('on').optional(),
  })
  .refine((value) => !value.smsOptIn || Boolean(value.phone), { error: 'Add a phone number to get text alerts.', path: ['phone'] });
