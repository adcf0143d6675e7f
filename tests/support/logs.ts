import { onTestFinished } from 'vitest';
import { redirectLogsForTests } from '@/lib/log';

export type LogLine = { level: string; msg?: string; requestId?: string; err?: { type?: string; message?: string }; [key: string]: unknown };

/**
 * Captures the structured log lines (lib/log.ts) written during this test instead of
 * printing them (tests log nothing by default): a test that injects a fault asserts the line
 * it expects, and a passing run stays quiet. Restored when the test finishes.
 */
export function captureLogs(level = 'debug'): { lines: () => LogLine[]; raw: () => string[]; text: () => string[] } {
  const raw: string[] = [];
  const undo = redirectLogsForTests((line) => raw.push(line), level);
  onTestFinished(undo);
  const lines = () => raw.map((line) => JSON.parse(line) as LogLine);
  return {
    lines,
    raw: () => [...raw],
    // "message ErrorName: error message", as console.error used to print an (message, error) pair.
    text: () => lines().filter((l) => l.level === 'error' || l.level === 'warn').map((l) => [l.msg, l.err ? `${l.err.type}: ${l.err.message}` : ''].filter(Boolean).join(' ')),
  };
}
