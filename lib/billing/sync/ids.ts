/**
 * The id of an expandable Stripe field, whether it came as an id or as the expanded object.
 * Reading the id is the only safe thing to do with an unexpanded field.
 */
export function idOf(field: string | { id: string } | null | undefined): string | null {
  if (!field) return null;
  return typeof field === 'string' ? field : field.id;
}

/** Unix seconds (Stripe) to a Date, keeping null. */
export function fromUnix(seconds: number | null | undefined): Date | null {
  return seconds == null ? null : new Date(seconds * 1000);
}
