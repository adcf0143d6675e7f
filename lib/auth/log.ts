import { logger } from '@/lib/log';

/**
 * What a visitor's own request can cause (a used or expired sign-in link, a form posted without
 * its CSRF token, a refused sign-in): Auth.js answers with its error page, and the log gets a
 * warning naming the kind, no stack. Anything else is ours to fix and keeps the error level.
 */
const REQUEST_ERRORS = new Set(['Verification', 'MissingCSRF', 'AccessDenied', 'UnknownAction', 'InvalidCheck', 'EmailSignInError']);

/** Auth.js's logger, into the app's structured log instead of console.error with a stack. */
export const authLogger = {
  error(error: Error) {
    const type = (error as { type?: unknown }).type;
    if (typeof type === 'string' && REQUEST_ERRORS.has(type)) {
      logger.warn({ authError: type, detail: error.message }, 'sign-in refused');
      return;
    }
    logger.error({ err: error }, 'auth error');
  },
  warn(code: string) {
    logger.warn({ authWarning: code }, 'auth warning');
  },
  debug() {},
};
