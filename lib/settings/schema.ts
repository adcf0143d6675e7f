import { z } from 'zod';

// Control characters (NUL and friends) break receipts, emails and PDFs; newlines are fine.
const unprintable = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} is at most ${max} characters.`)
    .refine((value) => !unprintable.test(value), `${label} contains a character that cannot be printed.`);

/** The store settings form (also what the action validates on the server). */
export const storeSettingsInput = {
  sellerName: text('Seller name', 200),
  address: text('Address', 1000).refine((value) => value.split(/\r?\n/).filter((l) => l.trim()).length <= 8, 'Address is at most 8 lines.'),
  taxId: z
    .string()
    .trim()
    .max(64, 'Tax ID is at most 64 characters.')
    .regex(/^[A-Za-z0-9 .\-/]*$/, 'Tax ID may hold letters, digits, spaces, dots, dashes and slashes.')
    .transform((value) => (value === '' ? null : value)),
  supportEmail: z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address.').max(254, 'Email is at most 254 characters.')),
  refundPolicy: text('Refund policy', 5000),
};
