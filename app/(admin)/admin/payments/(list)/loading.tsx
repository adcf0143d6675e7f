import { TableSkeleton } from '@/components/admin/skeleton';

/**
 * While the payments list loads. It lives in the `(list)` route group so that it wraps only
 * the list: a loading boundary above `[id]` would stream a 200 before an unknown payment's 404.
 */
export default function Loading() {
  return <TableSkeleton label="Loading payments…" />;
}
