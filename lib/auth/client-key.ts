/**
 * Who is asking, for rate limits: the right-most X-Forwarded-For entry, which is the
 * address the nearest proxy (or Next.js itself, from the socket) saw. A client can prepend
 * entries but not change that one when a proxy appends; without a proxy, Next.js keeps a
 * header the client sent, so per-address and total limits are the backstop.
 */
export function signInClientKey(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for');
  const last = forwarded?.split(',').map((part) => part.trim()).filter(Boolean).at(-1);
  return (last ?? headers.get('x-real-ip') ?? 'unknown').slice(0, 64);
}

/** "3 minutes", "1 minute", "40 seconds". */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
