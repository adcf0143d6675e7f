'use client';

import { createContext, startTransition, useActionState, useContext, useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { buttonClass } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';

/** The part of a next-safe-action result a form shows. */
export type ActionResult = {
  data?: unknown;
  serverError?: string;
  validationErrors?: { formErrors: string[]; fieldErrors: Partial<Record<string, string[]>> };
};
export type FormAction<R extends ActionResult = ActionResult> = (prev: R, formData: FormData) => Promise<R>;

const FieldErrors = createContext<Partial<Record<string, string[]>>>({});

type Props<R extends ActionResult> = {
  action: FormAction<R>;
  /** Hidden fields: ids and an attempt id generated at render — never an amount or an owner. */
  hidden?: Record<string, string>;
  /**
   * A hidden field given an attempt id made in the browser, once per page view (a double-click
   * or a retry after a refusal reuses it, a new visit gets a new one) — for forms on pages the
   * page cache serves to many visitors, where an id made at render would be shared.
   */
  browserAttemptField?: string;
  submitLabel: string;
  /** The button's accessible name when its visible label repeats down a list ("Acknowledge: …"). */
  submitAriaLabel?: string;
  pendingLabel: string;
  variant?: 'primary' | 'secondary' | 'danger';
  /** Shown (role=status) after a successful run that stays on the page. */
  successMessage?: string;
  /** Clear the fields after a success (a note added, a code created). */
  resetOnSuccess?: boolean;
  className?: string;
  submitClassName?: string;
  /** Where the refusal shows: under the button (default) or above it. */
  errorPlacement?: 'before-submit' | 'after-submit';
  children?: ReactNode;
};

/**
 * The one form for server actions. Without JavaScript it is a plain post to the action. With
 * it, the button is disabled while pending, a refusal shows inline (role=alert), a field's
 * error sits under that field (see `Field`), and what was typed stays typed after a refusal
 * (React would otherwise reset the form once the action returns).
 */
export function ActionForm<R extends ActionResult>(props: Props<R>) {
  const { action, hidden = {}, browserAttemptField, submitLabel, submitAriaLabel, pendingLabel, variant = 'primary', successMessage, resetOnSuccess, className, submitClassName, errorPlacement = 'after-submit', children } = props;
  const [result, formAction, pending] = useActionState<R, FormData>(action, {} as Awaited<R>);
  const form = useRef<HTMLFormElement>(null);
  const attempt = useRef<string | null>(null);
  const fieldErrors = result.validationErrors?.fieldErrors ?? {};
  // A field's own error shows (and is announced) under that field; this is for the rest.
  const formError = result.serverError ?? result.validationErrors?.formErrors[0];
  const succeeded = result.data !== undefined && !formError;

  useEffect(() => {
    if (succeeded && resetOnSuccess) form.current?.reset();
  }, [result, succeeded, resetOnSuccess]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    if (browserAttemptField) {
      attempt.current ??= crypto.randomUUID();
      data.set(browserAttemptField, attempt.current);
    }
    startTransition(() => formAction(data));
  };

  const error = formError ? (
    <p role="alert" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900">
      {formError}
    </p>
  ) : null;
  return (
    <form ref={form} action={formAction} onSubmit={submit} className={cn('space-y-3', className)} noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FieldErrors.Provider value={fieldErrors}>{children}</FieldErrors.Provider>
      {errorPlacement === 'before-submit' ? error : null}
      {succeeded && successMessage ? (
        <p role="status" className="text-sm text-emerald-700">
          {successMessage}
        </p>
      ) : null}
      <button type="submit" disabled={pending} aria-busy={pending} aria-label={submitAriaLabel} className={buttonClass(variant, submitClassName)}>
        {pending ? pendingLabel : submitLabel}
      </button>
      {errorPlacement === 'after-submit' ? error : null}
    </form>
  );
}

type FieldProps = {
  name: string;
  label: string;
  hint?: string;
  /** Renders the control; gets the id and aria props to spread onto it. */
  children: (control: { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
};

/** A labelled control inside an ActionForm, with its hint and its validation error. */
export function Field({ name, label, hint, children }: FieldProps) {
  const id = useId();
  const error = useContext(FieldErrors)[name]?.[0];
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <div className="mt-1">{children({ id, name, 'aria-invalid': Boolean(error), ...(described ? { 'aria-describedby': described } : {}) })}</div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The error of one field, for controls laid out without `Field` (checkbox groups). */
export function useFieldError(name: string): string | undefined {
  return useContext(FieldErrors)[name]?.[0];
}

/** The input style every form shares. */
export const inputClass = 'w-full max-w-sm rounded-md border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-600';
