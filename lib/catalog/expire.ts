import 'server-only';
import { revalidatePath } from 'next/cache';
import { invalidateCatalog } from './cache-tags';

/**
 * After an admin changes the catalog (server actions only): expire the storefront's cached
 * catalog reads at once through the storefront's one tag (`invalidateCatalog`, `updateTag`), so
 * a learner never sees a course that was just unpublished; and the admin's own pages.
 */
export function expireCatalogFromAdmin(): void {
  invalidateCatalog({ from: 'action' });
  revalidatePath('/admin/courses', 'layout');
}
