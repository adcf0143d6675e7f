import type { CourseStatus } from '@/db/schema/enums';
import type { PillTone } from '@/components/admin-catalog/pill';

export const courseStatusLabels: Record<CourseStatus, { label: string; tone: PillTone; means: string }> = {
  draft: { label: 'Draft', tone: 'neutral', means: 'Only admins see it.' },
  published: { label: 'Published', tone: 'success', means: 'In the catalog, for sale.' },
  unlisted: { label: 'Unlisted', tone: 'brand', means: 'Not in the catalog; for sale to anyone with the link.' },
  archived: { label: 'Archived', tone: 'warning', means: 'Not for sale; learners who own it keep it.' },
};
