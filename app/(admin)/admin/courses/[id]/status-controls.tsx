'use client';

import { ActionForm } from '@/components/forms/action-form';
import type { CourseStatus } from '@/db/schema/enums';
import { setCourseStatusAction } from '../actions';

const transitions: Record<CourseStatus, { to: CourseStatus; label: string; variant: 'primary' | 'secondary' | 'danger' }[]> = {
  draft: [
    { to: 'published', label: 'Publish', variant: 'primary' },
    { to: 'unlisted', label: 'Publish unlisted', variant: 'secondary' },
    { to: 'archived', label: 'Archive', variant: 'secondary' },
  ],
  published: [
    { to: 'unlisted', label: 'Unlist', variant: 'secondary' },
    { to: 'draft', label: 'Back to draft', variant: 'secondary' },
    { to: 'archived', label: 'Archive', variant: 'danger' },
  ],
  unlisted: [
    { to: 'published', label: 'Publish', variant: 'primary' },
    { to: 'draft', label: 'Back to draft', variant: 'secondary' },
    { to: 'archived', label: 'Archive', variant: 'danger' },
  ],
  archived: [
    { to: 'draft', label: 'Restore as draft', variant: 'secondary' },
    { to: 'published', label: 'Publish again', variant: 'primary' },
  ],
};

export function StatusControls({ courseId, status }: { courseId: string; status: CourseStatus }) {
  return (
    <div className="flex flex-wrap items-start gap-2">
      {transitions[status].map((t) => (
        <ActionForm key={t.to} action={setCourseStatusAction} hidden={{ courseId, status: t.to }} submitLabel={t.label} pendingLabel="Saving…" variant={t.variant} className="space-y-1" />
      ))}
    </div>
  );
}
