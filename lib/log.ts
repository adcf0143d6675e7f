import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import { env } from '@/lib/env';

/**
 * Structured JSON logs (pino), one line per entry on stdout. Every line carries the request
 * id of the request, action, webhook delivery or job run it belongs to (`withLogContext`),
 * and passes through `scrub` first: secrets, tokens, card numbers and full email addresses
 * never reach the log, whether they sit in a field, a nested object or a message.
 */

export type LogContext = { requestId: string; job?: string; route?: string };

// On globalThis like the logger: Next bundles server code more than once (instrumentation,
// route handlers, actions), and one logger must read the context every bundle writes.
const contextStore = globalThis as unknown as { bursarLogContext?: AsyncLocalStorage<LogContext> };
const context = (contextStore.bursarLogContext ??= new AsyncLocalStorage<LogContext>());

/** Runs `fn` with this context on every log line it (and what it awaits) writes. */
export function withLogContext<T>(ctx: Partial<LogContext>, fn: () => T): T {
  return context.run({ requestId: ctx.requestId ?? newRequestId(), ...ctx }, fn);
}

export function currentRequestId(): string | null {
  return context.getStore()?.requestId ?? null;
}

export function newRequestId(): string {
  return randomUUID();
}

/** A caller's X-Request-Id is kept only when it looks like an id (it ends up in every line). */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get('x-request-id');
  return given && /^[A-Za-z0-9._:-]{8,128}$/.test(given) ? given : newRequestId();
}

const SECRET_KEY = /pass(word)?|secret|token|authori[sz]ation|cookie|api[-_]?key|^card(_?number)?$|^number$|^cvc$|^cvv$|account_?number|iban|signature/i;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
const STRIPE_SECRET = /\b(sk|rk)_(live|test)_[A-Za-z0-9_]+|\bwhsec_[A-Za-z0-9_+/=]+|\bre_[A-Za-z0-9_]{8,}|\bBearer\s+[A-Za-z0-9._~+/=-]+/g;
// 13–19 digits, optionally grouped by spaces or dashes: a card number.
const CARD_NUMBER = /\b(?:\d[ -]?){12,18}\d\b/g;

/** A string with secrets and card numbers cut out and email addresses reduced to `j…@domain`. */
export function scrubText(text: string): string {
  return text.replace(STRIPE_SECRET, '[redacted]').replace(CARD_NUMBER, '[card]').replace(EMAIL, '$1…@$2');
}

/** A copy of `value` safe to log (see scrubText; values of fields named like secrets are replaced whole). */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (value instanceof Error) return { type: value.name, message: scrubText(value.message), stack: value.stack ? scrubText(value.stack) : undefined };
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  // A secret-named field holding a value is replaced; holding an object (`card: { brand, last4 }`), it is scrubbed field by field.
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) && (v === null || typeof v !== 'object') ? '[redacted]' : scrub(v, depth + 1);
  return out;
}

/** Where lines go: stdout, or a test's capture (tests/support/logs.ts). */
const sink = {
  capture: null as ((line: string) => void) | null,
  write(line: string) {
    if (sink.capture) sink.capture(line);
    else process.stdout.write(line);
  },
};

/** Test support: sends every line to `capture` instead of stdout; returns the undo. */
export function redirectLogsForTests(capture: (line: string) => void, level = 'debug'): () => void {
  const previousLevel = logger.level;
  sink.capture = capture;
  logger.level = level;
  return () => {
    sink.capture = null;
    logger.level = previousLevel;
  };
}

function createLogger(): Logger {
  return pino(
    {
      level: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
      base: { service: 'bursar' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => ({ ...context.getStore() }),
      formatters: { level: (label) => ({ level: label }), log: (object) => scrub(object) as Record<string, unknown> },
      serializers: { err: (error: unknown) => scrub(error) },
      hooks: {
        // Messages are scrubbed too: `logger.info('sent to %s', email)` must not leak it.
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    sink as DestinationStream,
  );
}

const store = globalThis as unknown as { bursarLogger?: Logger };
export const logger: Logger = (store.bursarLogger ??= createLogger());
