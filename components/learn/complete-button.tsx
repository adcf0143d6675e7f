'use client';

import { setLessonCompleted } from '@/app/(learn)/learn/actions';
import { ActionForm } from '@/components/forms/action-form';

export function CompleteButton({ lessonId, completed }: { lessonId: string; completed: boolean }) {
  return (
    <ActionForm
      action={setLessonCompleted}
      hidden={{ lessonId, completed: completed ? 'false' : 'true' }}
      submitLabel={completed ? '✓ Completed — mark as not done' : 'Mark complete'}
      pendingLabel="Saving…"
      variant={completed ? 'secondary' : 'primary'}
      className="flex flex-col items-start gap-2 space-y-0"
    />
  );
}
