import { z } from 'zod';

/**
 * A display name: trimmed, at most 100 characters, no control characters (a NUL byte cannot
 * be stored in PostgreSQL text, and the others only ever come from a crafted request).
 */
export const profileNameSchema = z
  .string()
  .trim()
  .max(100, { error: 'Use at most 100 characters.' })
  .refine((name) => !/[\u0000-\u001f\u007f-\u009f]/.test(name), { error: 'Use letters, numbers, spaces and punctuation only.' });
