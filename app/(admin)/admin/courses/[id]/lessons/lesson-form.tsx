'use client';

import { useDeferredValue, useState } from 'react';
import { ActionForm, Field, inputClass } from '@/components/forms/action-form';
import { MarkdownBody } from '@/components/markdown/markdown-body';
import { addLessonAction, updateLessonAction } from '../../actions';

export type LessonFormValues = { title: string; body: string; durationMinutes: number; isPreview: boolean };

/** Add or edit a lesson; the preview beside the body renders exactly what learners will see. */
export function LessonForm({ courseId, lessonId, values }: { courseId: string; lessonId?: string; values?: LessonFormValues }) {
  const [body, setBody] = useState(values?.body ?? '');
  const preview = useDeferredValue(body);
  const editing = Boolean(lessonId);
  const hidden: Record<string, string> = lessonId ? { courseId, lessonId } : { courseId };
  const common = {
    hidden,
    submitLabel: editing ? 'Save lesson' : 'Add lesson',
    pendingLabel: 'Saving…',
    ...(editing ? { successMessage: 'Saved.' } : {}),
    errorPlacement: 'before-submit' as const,
    className: 'space-y-4 rounded-xl border border-slate-200 bg-white p-5',
  };
  const fields = (
    <>
      <Field name="title" label="Title">
        {(control) => <input {...control} defaultValue={values?.title} maxLength={160} className={`${inputClass} max-w-2xl`} />}
      </Field>
      <div className="grid gap-4 lg:grid-cols-2">
        <Field name="body" label="Body (Markdown)" hint="Headings, lists, **bold**, `code`, links. HTML is shown as text, never run.">
          {(control) => <textarea {...control} value={body} onChange={(e) => setBody(e.target.value)} rows={16} maxLength={100_000} className={`${inputClass} max-w-none font-mono text-sm`} />}
        </Field>
        <div>
          <p className="block text-sm font-medium" id="preview-label">Preview</p>
          <p className="text-xs text-slate-600">As learners will see it.</p>
          <div aria-labelledby="preview-label" role="region" data-testid="lesson-preview" className="mt-1 min-h-40 rounded-md border border-dashed border-slate-300 p-3">
            {preview.trim() ? <MarkdownBody source={preview} /> : <p className="text-sm text-slate-500">Nothing to preview yet.</p>}
          </div>
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-6">
        <Field name="durationMinutes" label="Duration (minutes)">
          {(control) => <input {...control} type="number" inputMode="numeric" min={0} max={1440} step={1} defaultValue={values?.durationMinutes ?? 10} className={`${inputClass} w-32`} />}
        </Field>
        <label className="flex items-center gap-2 pb-2 text-sm font-medium">
          <input type="checkbox" name="isPreview" defaultChecked={values?.isPreview ?? false} className="h-4 w-4" />
          Free preview (anyone can open it)
        </label>
      </div>
    </>
  );
  return (
    <>
      {/* Two forms rather than one with a union of actions: each keeps its own result type. */}
      {editing ? (
        <ActionForm action={updateLessonAction} {...common}>
          {fields}
        </ActionForm>
      ) : (
        <ActionForm action={addLessonAction} {...common}>
          {fields}
        </ActionForm>
      )}
    </>
  );
}
