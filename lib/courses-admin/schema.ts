import { z } from 'zod';
import { courseLevels, courseStatuses } from '@/db/schema/enums';

const unprintable = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} is at most ${max} characters.`)
    .refine((value) => !unprintable.test(value), `${label} contains a character that cannot be printed.`);

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The course form; the same rules the database's CHECKs hold (slug shape, level). */
export const courseInput = {
  title: text('Title', 120),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .min(3, 'Slug is at least 3 characters.')
    .max(80, 'Slug is at most 80 characters.')
    .regex(SLUG_PATTERN, 'Use lower-case letters, digits and single dashes (like intro-to-sql).'),
  summary: text('Summary', 300),
  description: text('Description', 10_000),
  level: z.enum(courseLevels, { error: 'Choose a level.' }),
  category: text('Category', 60),
  instructorName: z
    .string()
    .trim()
    .max(120, 'Instructor is at most 120 characters.')
    .refine((value) => !unprintable.test(value), 'Instructor contains a character that cannot be printed.')
    .optional()
    .transform((value) => (value ? value : null)),
};

export const courseStatusInput = z.enum(courseStatuses, { error: 'Choose a status.' });

/** A lesson: Markdown body (rendered without raw HTML), minutes, free-preview flag. */
export const lessonInput = {
  title: text('Title', 160),
  body: text('Body', 100_000),
  durationMinutes: z.coerce
    .number({ error: 'Duration is a whole number of minutes.' })
    .int('Duration is a whole number of minutes.')
    .min(0, 'Duration cannot be negative.')
    .max(1440, 'Duration is at most 1440 minutes (a day).'),
  // A checkbox: present ("on") when ticked, absent otherwise.
  isPreview: z
    .string()
    .optional()
    .transform((value) => value === 'on' || value === 'true'),
};

/** Suggests a slug from a title ("Intro to SQL!" → "intro-to-sql"). */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}
