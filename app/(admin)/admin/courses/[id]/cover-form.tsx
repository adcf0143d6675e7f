'use client';

import { ActionForm, Field, inputClass } from '@/components/forms/action-form';
import { removeCoverAction, uploadCoverAction } from '../actions';

export function CoverForm({ courseId, imageUrl, title }: { courseId: string; imageUrl: string | null; title: string }) {
  return (
    <div className="grid gap-4 rounded-xl border border-slate-200 bg-white p-5 sm:grid-cols-[16rem_1fr]">
      <div className="aspect-video overflow-hidden rounded-lg bg-slate-100">
        {imageUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- our own uploaded file, already sized by the uploader
          <img src={imageUrl} alt={`Cover of ${title}`} className="h-full w-full object-cover" data-testid="cover-image" />
        ) : (
          <p className="flex h-full items-center justify-center p-4 text-center text-sm text-slate-500">No cover yet: the store shows a generated one.</p>
        )}
      </div>
      <div className="space-y-3">
        <ActionForm action={uploadCoverAction} hidden={{ courseId }} submitLabel="Upload cover" pendingLabel="Uploading…" successMessage="Cover saved." resetOnSuccess>
          <Field name="cover" label="Cover image" hint="PNG, JPEG or WebP, at most 2 MB; shown at 16:9.">
            {(control) => <input {...control} type="file" accept="image/png,image/jpeg,image/webp" className={inputClass} />}
          </Field>
        </ActionForm>
        {imageUrl ? <ActionForm action={removeCoverAction} hidden={{ courseId }} submitLabel="Remove cover" pendingLabel="Removing…" variant="secondary" /> : null}
      </div>
    </div>
  );
}
