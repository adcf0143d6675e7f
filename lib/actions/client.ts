import 'server-only';
import { forbidden } from 'next/navigation';
import { createSafeActionClient } from 'next-safe-action';
import { z } from 'zod';
import { getSessionUser, type SessionUser } from '@/lib/auth/guards';
import { ActionRefusal } from './refusal';

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
const baseClient = createSafeActionClient({
  defaultValidationErrorsShape: 'flattened',
  handleServerError(error) {
    if (error instanceof ActionRefusal) return error.message;
    console.error(`server action failed: ${error.name}: ${describe(error)}`);
    return SOMETHING_WRONG;
  },
});

/** Logs the error's own message only when it cannot carry what the caller typed. */
function describe(error: Error): string {
  return error.constructor === Error || error.constructor === TypeError ? '(message withheld)' : error.message;
}

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

/**
 * A form's fields as a plain object for a zod schema: FormData entries (text only; a file or a
 * repeated name is not something these forms send) → `{ name: value }`.
 */
export function formSchema<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.preprocess(
    (input) => (input instanceof FormData ? Object.fromEntries([...input.entries()].filter(([, v]) => typeof v === 'string')) : input),
    z.object(shape),
  );
}
