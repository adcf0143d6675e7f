'use client';

import { useActionState } from 'react';
import { setLessonCompleted, type ProgressState } from '@/app/(learn)/learn/actions';
import { buttonClass } from '@/components/ui/button';

export function CompleteButton({ lessonId, completed }: { lessonId: string; completed: boolean }) {
  const [state, action, pending] = useActionState<ProgressState, FormData>(setLessonCompleted, {});
  return (
    <form action={action} className="flex flex-col items-start gap-2">
      <input type="hidden" name="lessonId" value={lessonId} />
      <input type="hidden" name="completed" value={completed ? 'false' : 'true'} />
      <button type="submit" disabled={pending} className={buttonClass(completed ? 'secondary' : 'primary')}>
        {completed ? '✓ Completed — mark as not done' : pending ? 'Saving…' : 'Mark complete'}
      </button>
      {state.error ? <p role="alert" className="text-sm text-red-700">{state.error}</p> : null}
    </form>
  );
}
