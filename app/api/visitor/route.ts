import { type NextRequest, NextResponse } from 'next/server';
import { getSessionUser } from '@/lib/auth/guards';
import { describeVisitor } from '@/lib/visitor/describe';

/**
 * The per-visitor holes of the cached storefront pages (header, past-due banner, purchase
 * panel, pricing), asked once per page by components/visitor/use-visitor.ts. The pages' HTML
 * is the same for everyone; this answers only the caller's own state, never cached anywhere.
 * `?course=<slug>` adds the caller's access to that course.
 */
export async function GET(request: NextRequest) {
  const courseSlug = request.nextUrl.searchParams.get('course');
  const user = await getSessionUser();
  const visitor = await describeVisitor(user, { courseSlug });
  return NextResponse.json(visitor, {
    headers: { 'Cache-Control': 'private, no-store', Vary: 'Cookie' },
  });
}
