import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Does an `Authorization: Bearer <token>` header carry this secret? Both sides are hashed
 * first: timingSafeEqual needs equal lengths, and comparing digests keeps the secret's length
 * from leaking through an early length check.
 */
export function bearerMatches(header: string | null, secret: string): boolean {
  const match = /^Bearer (.+)$/.exec(header?.trim() ?? '');
  if (!match?.[1]) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]), digest(secret));
}
