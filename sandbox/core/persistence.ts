import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxState, Store } from './store';

/** Stripe keeps idempotency keys for 24 hours; the delivery log keeps the latest 5 000. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_DELIVERIES = 5000;

function prune(state: SandboxState): void {
  const cutoff = Date.now() - IDEMPOTENCY_TTL_MS;
  for (const [key, record] of Object.entries(state.idempotency)) {
    if (record.createdAt < cutoff) delete state.idempotency[key];
  }
  if (state.deliveries.length > MAX_DELIVERIES) {
    state.deliveries = state.deliveries.slice(-MAX_DELIVERIES);
  }
}

/**
 * Saves the whole state as one JSON file. Writes are debounced (a checkout emits a burst of
 * changes) and atomic (write a temp file, then rename), so a crash never leaves half a file.
 */
export class Persistence {
  private timer: NodeJS.Timeout | null = null;
  private readonly file: string;

  constructor(
    private dir: string,
    private store: Store,
    private debounceMs = 200,
  ) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'state.json');
  }

  load(): SandboxState | null {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as SandboxState;
      return parsed.version === 1 ? parsed : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new Error(`Cannot read sandbox state ${this.file}: ${(err as Error).message}`);
    }
  }

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.debounceMs);
    this.timer.unref?.();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    prune(this.store.state);
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.store.state));
    renameSync(tmp, this.file);
  }
}
