import { TableSkeleton } from '@/components/admin/skeleton';

/** While the refunds load (this page has no child routes, so no 404 can be streamed over). */
export default function Loading() {
  return <TableSkeleton label="Loading refunds…" />;
}
