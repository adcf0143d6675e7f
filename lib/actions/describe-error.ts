/**
 * What the log says about an unexpected error in a server action, without anything the caller
 * typed (issue "Safe to deploy", item 12). Server actions take anyone's input, so:
 * - a plain `Error` / `TypeError` is usually a library complaining about a value: withheld;
 * - a failed query (Drizzle's error carries the statement's parameters, i.e. the form's
 *   values, in its message): the SQL text with its placeholders and the SQLSTATE only;
 * - a database driver's error (its message can quote a value: `invalid input syntax for type
 *   uuid: "…"`): the SQLSTATE only;
 * - anything else is one of our own errors, whose messages are written not to carry input.
 */
export function describeActionError(error: Error): string {
  const code = sqlStateOf(error);
  const query = (error as { query?: unknown }).query;
  if (typeof query === 'string' && Array.isArray((error as { params?: unknown }).params)) {
    return `query failed${code ? ` (SQLSTATE ${code})` : ''}: ${query.slice(0, 500)}`;
  }
  if (code) return `database error (SQLSTATE ${code})`;
  if (error.constructor === Error || error.constructor === TypeError) return '(message withheld)';
  return error.message;
}

/** The SQLSTATE anywhere in the cause chain (Drizzle wraps the driver's error). */
function sqlStateOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
