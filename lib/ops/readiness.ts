import type { Database } from '@/db/client';
import { readMigrationStatus } from '@/db/migrate';
import { pingDatabase } from '@/db/queries/health';
import { checkEmailTransport } from '@/lib/notifications/email';
import { pingStripe } from '@/lib/stripe/health';

export type CheckName = 'database' | 'migrations' | 'stripe' | 'email';
export type CheckResult = { ok: boolean; ms: number; detail: string; cached?: boolean };
export type Readiness = { ready: boolean; checks: Record<CheckName, CheckResult> };

export type ReadinessDeps = {
  db: Database;
  /** The journal schema (tests migrate into a schema of their own). */
  migrationsSchema?: string;
  /** Outside checks (Stripe, email) are remembered this long; a failure for a fifth of it. */
  cacheMs?: number;
  now?: () => number;
};

const DEFAULT_CACHE_MS = 60_000;
const CHECK_TIMEOUT_MS = 5_000;

async function timed(run: () => Promise<string>): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    const detail = await Promise.race([run(), timeout]);
    return { ok: true, ms: Math.round(performance.now() - started), detail };
  } catch (error) {
    // The reason only: error messages from drivers and SDKs can carry hosts or request ids.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'failed';
    return { ok: false, ms: Math.round(performance.now() - started), detail: reason.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

type CacheEntry = { at: number; result: Promise<CheckResult> };
const outsideChecks = new Map<string, CacheEntry>();

/**
 * One call per cache period however many probes arrive (load balancers probe every few
 * seconds per instance): concurrent probes share the call in flight, later ones its result.
 */
function cached(key: string, deps: ReadinessDeps, run: () => Promise<string>): Promise<CheckResult> {
  const now = (deps.now ?? Date.now)();
  const cacheMs = deps.cacheMs ?? DEFAULT_CACHE_MS;
  const entry = outsideChecks.get(key);
  if (entry) {
    return entry.result.then((result) => {
      const ttl = result.ok ? cacheMs : cacheMs / 5;
      if (now - entry.at < ttl) return { ...result, cached: true };
      outsideChecks.delete(key);
      return cached(key, deps, run);
    });
  }
  const result = timed(run);
  outsideChecks.set(key, { at: now, result });
  return result;
}

/** Forgets cached outside checks (tests, and the admin's "check again"). */
export function forgetReadinessCache(): void {
  outsideChecks.clear();
}

/**
 * Can this instance serve traffic? The database answers, its migrations are those this build
 * expects, Stripe answers an authenticated read, and the email transport works. Each check
 * reports itself; the instance is ready only when all pass.
 */
export async function checkReadiness(deps: ReadinessDeps): Promise<Readiness> {
  const { db } = deps;
  const database = await timed(async () => {
    await pingDatabase(db);
    return 'answered';
  });
  const [migrations, stripe, email] = await Promise.all([
    database.ok
      ? timed(async () => {
          const status = await readMigrationStatus(db, { schema: deps.migrationsSchema });
          if (!status.current) throw new Error(`${status.pending} of ${status.files} migrations pending`);
          return `${status.applied} applied, ${status.files} in this build`;
        })
      : Promise.resolve({ ok: false, ms: 0, detail: 'skipped: database unreachable' }),
    cached('stripe', deps, async () => {
      await pingStripe();
      return 'answered';
    }),
    database.ok
      ? cached('email', deps, async () => `${(await checkEmailTransport(db)).transport} transport works`)
      : Promise.resolve({ ok: false, ms: 0, detail: 'skipped: database unreachable' }),
  ]);
  const checks = { database, migrations, stripe, email };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
