'use client';

import { useState } from 'react';
import { ActionForm, Field, inputClass } from '@/components/forms/action-form';
import { courseLevels } from '@/db/schema/enums';
import { slugify } from '@/lib/courses-admin/schema';
import { createCourseAction, updateCourseAction } from './actions';

const wide = `${inputClass} max-w-2xl`;
export type CourseFormValues = { title: string; slug: string; summary: string; description: string; level: string; category: string; instructorName: string | null };

/** New course (no id) or edit. The slug follows the title until the admin edits it by hand. */
export function CourseForm({ courseId, values, categories }: { courseId?: string; values?: CourseFormValues; categories: string[] }) {
  const [title, setTitle] = useState(values?.title ?? '');
  const [slug, setSlug] = useState(values?.slug ?? '');
  const [slugTouched, setSlugTouched] = useState(Boolean(values));
  const editing = Boolean(courseId);
  const hidden: Record<string, string> = courseId ? { courseId } : {};
  const common = {
    hidden,
    submitLabel: editing ? 'Save course' : 'Create draft',
    pendingLabel: 'Saving…',
    ...(editing ? { successMessage: 'Saved. The storefront shows the change now.' } : {}),
    errorPlacement: 'before-submit' as const,
    className: 'space-y-4 rounded-xl border border-slate-200 bg-white p-5',
  };
  const fields = (
    <>
      <Field name="title" label="Title">
        {(control) => (
          <input
            {...control}
            value={title}
            onChange={(e) => {
              setTitle(e.target.value);
              if (!slugTouched) setSlug(slugify(e.target.value));
            }}
            maxLength={120}
            className={wide}
          />
        )}
      </Field>
      <Field name="slug" label="Slug" hint="The course's address: /courses/<slug>. Lower-case letters, digits and dashes; unique.">
        {(control) => (
          <input
            {...control}
            value={slug}
            onChange={(e) => {
              setSlug(e.target.value);
              setSlugTouched(true);
            }}
            maxLength={80}
            autoCapitalize="off"
            spellCheck={false}
            className={`${inputClass} font-mono`}
          />
        )}
      </Field>
      <Field name="instructorName" label="Instructor (optional)" hint="Shown on the catalog card and course page.">
        {(control) => <input {...control} defaultValue={values?.instructorName ?? ''} maxLength={120} className={inputClass} />}
      </Field>
      <Field name="summary" label="Summary" hint="One or two sentences for the catalog card.">
        {(control) => <textarea {...control} defaultValue={values?.summary} rows={2} maxLength={300} className={wide} />}
      </Field>
      <Field name="description" label="Description" hint="Markdown. Shown on the course page.">
        {(control) => <textarea {...control} defaultValue={values?.description} rows={6} maxLength={10_000} className={`${wide} font-mono text-sm`} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="level" label="Level">
          {(control) => (
            <select {...control} defaultValue={values?.level ?? ''} className={inputClass}>
              <option value="" disabled>Choose a level</option>
              {courseLevels.map((level) => (
                <option key={level} value={level}>{level.charAt(0).toUpperCase() + level.slice(1)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field name="category" label="Category">
          {(control) => (
            <>
              <input {...control} defaultValue={values?.category} list="course-categories" maxLength={60} className={inputClass} />
              <datalist id="course-categories">
                {categories.map((c) => (
                  <option key={c} value={c} />
                ))}
              </datalist>
            </>
          )}
        </Field>
      </div>
    </>
  );
  return (
    <>
      {/* Two forms rather than one with a union of actions: each keeps its own result type. */}
      {editing ? (
        <ActionForm action={updateCourseAction} {...common}>
          {fields}
        </ActionForm>
      ) : (
        <ActionForm action={createCourseAction} {...common}>
          {fields}
        </ActionForm>
      )}
    </>
  );
}
