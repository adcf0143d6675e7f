import { z } from 'zod';
import { ActionRefusal } from '@/lib/actions/refusal';

// Shared pieces of the admin actions' input schemas. Every admin action validates twice:
// the action client (before any code runs) and the domain function (tests call it directly).

/** Free text an admin types (a reason, a note): trimmed, bounded, no control characters but newlines and tabs. */
export const adminText = (label: string, min: number, max: number) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(min, { error: min <= 1 ? `Enter ${label}.` : `Enter ${label} (at least ${min} characters).` })
    .max(max, { error: `Use at most ${max} characters for ${label}.` })
    .refine((text) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(text), { error: 'Use letters, numbers, spaces and punctuation only.' });

export const attemptId = z.uuid({ error: 'This form is out of date — reload the page and try again.' });
export const userId = z.string({ error: 'This page is out of date — reload it and try again.' }).min(1).max(100).regex(/^[A-Za-z0-9-]+$/, { error: 'This page is out of date — reload it and try again.' });
export const rowId = z.uuid({ error: 'This page is out of date — reload it and try again.' });

/** Parses with a schema, turning the first issue into a refusal the admin reads. */
export function parseAdminInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ActionRefusal(result.error.issues[0]?.message ?? 'That request was not valid.');
  return result.data;
}

export type AdminActor = { id: string; email: string };
