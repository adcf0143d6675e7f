import { randomUUID } from 'node:crypto';
import type { Store, ScheduledTask } from './store';

export type TaskHandler = (payload: Record<string, unknown>) => void | Promise<void>;

/**
 * Deferred work that must survive a restart (webhook retries, refund settlement, …).
 * Tasks live in the persisted state; timers are re-armed when the sandbox starts.
 * Resources register a handler per task kind.
 */
export class Scheduler {
  private handlers = new Map<string, TaskHandler>();
  private timers = new Map<string, NodeJS.Timeout>();
  private running = new Set<Promise<void>>();
  private stopped = false;

  constructor(private store: Store) {}

  register(kind: string, handler: TaskHandler): void {
    this.handlers.set(kind, handler);
  }

  schedule(kind: string, delayMs: number, payload: Record<string, unknown>): ScheduledTask {
    const task: ScheduledTask = { id: randomUUID(), kind, runAt: Date.now() + delayMs, payload };
    this.store.state.scheduled.push(task);
    this.store.touch();
    this.arm(task);
    return task;
  }

  /** Re-arms every persisted task; call once after loading state. */
  armAll(): void {
    for (const task of this.store.state.scheduled) this.arm(task);
  }

  private arm(task: ScheduledTask): void {
    if (this.stopped) return;
    const delay = Math.max(0, task.runAt - Date.now());
    const timer = setTimeout(() => this.run(task.id), delay);
    timer.unref?.();
    this.timers.set(task.id, timer);
  }

  private run(taskId: string): void {
    this.timers.delete(taskId);
    const list = this.store.state.scheduled;
    const idx = list.findIndex((t) => t.id === taskId);
    if (idx === -1) return;
    const [task] = list.splice(idx, 1);
    this.store.touch();
    if (!task) return;
    const handler = this.handlers.get(task.kind);
    if (!handler) return;
    const p = Promise.resolve()
      .then(() => handler(task.payload))
      .catch((err: unknown) => console.error(`[sandbox] task ${task.kind} failed:`, err))
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  /**
   * Runs every pending task of a kind now, synchronously (handlers of such kinds must be
   * synchronous). Used so that work a client must wait for in Stripe (a test clock
   * advancing) is finished before the sandbox serves the next API request.
   */
  runPending(kind: string): void {
    const due = this.store.state.scheduled.filter((t) => t.kind === kind);
    if (due.length === 0) return;
    const handler = this.handlers.get(kind);
    this.store.state.scheduled = this.store.state.scheduled.filter((t) => t.kind !== kind);
    this.store.touch();
    for (const task of due) {
      const timer = this.timers.get(task.id);
      if (timer) clearTimeout(timer);
      this.timers.delete(task.id);
      void handler?.(task.payload);
    }
  }

  /** Cancels timers (state is kept) and waits for running tasks. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }

  /** Drops every pending task (used by reset). */
  clear(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.store.state.scheduled = [];
  }
}
