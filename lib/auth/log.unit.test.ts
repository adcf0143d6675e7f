import { describe, expect, it } from 'vitest';
import { captureLogs } from '@/tests/support/logs';
import { authLogger } from './log';

// An Auth.js error carries its kind as `type` (AuthError's constructor copies the class's own).
const authError = (type: string, message: string) => Object.assign(new Error(message), { name: type, type });

describe('authLogger', () => {
  it('logs a used or expired sign-in link as a warning with its kind, no stack', () => {
    const logs = captureLogs();
    authLogger.error(authError('Verification', 'the token was used'));
    expect(logs.lines()).toEqual([expect.objectContaining({ level: 'warn', msg: 'sign-in refused', authError: 'Verification' })]);
    expect(JSON.stringify(logs.lines())).not.toContain('"stack"');
  });

  it('keeps anything else at the error level, with the error', () => {
    const logs = captureLogs();
    authLogger.error(new Error('adapter down'));
    expect(logs.lines()).toEqual([expect.objectContaining({ level: 'error', msg: 'auth error', err: expect.objectContaining({ message: 'adapter down' }) })]);
  });
});
