import { onTestFinished, vi } from 'vitest';

/**
 * Captures what the code under test logs with console.error during this test, instead of
 * printing it: a test that injects a fault asserts the log line it expects, and a passing run
 * stays free of stack traces. Restored when the test finishes.
 */
export function captureConsoleErrors(): () => string[] {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    lines.push(args.map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}` : String(arg))).join(' '));
  });
  onTestFinished(() => spy.mockRestore());
  return () => [...lines];
}
