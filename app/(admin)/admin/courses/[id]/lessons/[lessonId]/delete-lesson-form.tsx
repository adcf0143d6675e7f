'use client';

import { ActionForm } from '@/components/forms/action-form';
import { deleteLessonAction } from '../../../actions';

export function DeleteLessonForm({ courseId, lessonId }: { courseId: string; lessonId: string }) {
  return (
    <section aria-labelledby="delete-lesson" className="max-w-2xl space-y-2 rounded-xl border border-red-200 bg-white p-5">
      <h2 id="delete-lesson" className="font-semibold text-red-800">Delete lesson</h2>
      <p className="text-sm text-slate-700">Learners lose their progress on this lesson. The later lessons move up one place.</p>
      <ActionForm action={deleteLessonAction} hidden={{ courseId, lessonId }} submitLabel="Delete lesson" pendingLabel="Deleting…" variant="danger" />
    </section>
  );
}
