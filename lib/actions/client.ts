import 'server-only';
import { forbidden } from 'next/navigation';
import { createSafeActionClient, flattenValidationErrors } from 'next-safe-action';
import { z } from 'zod';
import { getSessionUser, type SessionUser } from '@/lib/auth/guards';
import { describeActionError } from './describe-error';
import { ActionRefusal } from './refusal';
import { logger, withLogContext } from '@/lib/log';

export { ActionRefusal } from './refusal';

/** What a learner sees when something unexpected failed: nothing changed, try again. */
export const SOMETHING_WRONG = 'Something went wrong on our side; nothing changed. Please try again.';

/**
 * The one client every server action is built from. Every `"use server"` export is a public
 * endpoint anyone can call with any body, so each action declares an input schema (validated
 * before its code runs) and a layer that says who may call it.
 *
 * Errors: an `ActionRefusal` reaches the form as its sentence; anything else is logged by
 * name only — submitted values and stack traces never reach the page or the logs' message.
 */
const rootClient = createSafeActionClient({
  defaultValidationErrorsShape: 'flattened',
  handleServerError(error) {
    if (error instanceof ActionRefusal) return error.message;
    logger.error({ error: error.name, detail: describeActionError(error) }, 'server action failed');
    return SOMETHING_WRONG;
  },
});

// Every action runs with a request id of its own: each log line it writes, and each audit row
// it appends, carries it.
const baseClient = rootClient.use(({ next }) => withLogContext({ route: 'action' }, () => next()));

/** For actions anyone may call (sign-in, checkout before the sign-in redirect). */
export const publicAction = baseClient;

/** Signed-in learners (and admins): `ctx.user` is the session's user, looked up on the server. */
export const userAction = baseClient.use<{ user: SessionUser }>(async ({ next }) => {
  const user = await getSessionUser();
  if (!user) throw new ActionRefusal('Please sign in again.');
  return next({ ctx: { user } });
});

/**
 * Admins only, checked on the server for every call (the proxy only redirects visitors). A
 * learner or an anonymous caller gets a real 403 and the action's code never runs.
 */
export const adminAction = baseClient.use<{ admin: SessionUser }>(async ({ next }) => {
  const user = await getSessionUser();
  if (!user || user.role !== 'admin') forbidden();
  return next({ ctx: { admin: user } });
});

/** FormData's text entries as a plain object (a file or a repeated name is not something these forms send). */
function fieldsOf(input: unknown): unknown {
  return input instanceof FormData ? Object.fromEntries([...input.entries()].filter(([, v]) => typeof v === 'string')) : input;
}

/** A form's fields, validated by any zod schema (refinements included). */
export function formInput<S extends z.ZodType>(schema: S) {
  return z.preprocess(fieldsOf, schema);
}

/** A form's fields, validated as an object with this shape. */
export function formSchema<Shape extends z.ZodRawShape>(shape: Shape) {
  return formInput(z.object(shape));
}

/**
 * For forms made only of hidden fields (ids, an attempt id): a validation failure means a stale
 * or crafted form, not a typo to point at, so it reads as one sentence for the whole form.
 */
export const hiddenFieldsOnly = {
  handleValidationErrorsShape: async (errors: Parameters<typeof flattenValidationErrors>[0]) => {
    const flat = flattenValidationErrors(errors);
    const first = flat.formErrors[0] ?? Object.values(flat.fieldErrors as Record<string, string[] | undefined>).flat()[0];
    return { formErrors: [first ?? 'This page is out of date. Reload it and try again.'], fieldErrors: {} as Partial<Record<string, string[]>> };
  },
};
