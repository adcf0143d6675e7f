import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxState, Store, StoredObject } from './store';

/** Stripe keeps idempotency keys for 24 hours; the delivery log keeps the latest 5 000. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_DELIVERIES = 5000;
/** The journal is folded into a new snapshot once it outgrows both this and the snapshot itself. */
const COMPACT_MIN_BYTES = 4 * 1024 * 1024;

function prune(state: SandboxState): void {
  const cutoff = Date.now() - IDEMPOTENCY_TTL_MS;
  for (const [key, record] of Object.entries(state.idempotency)) {
    if (record.createdAt < cutoff) delete state.idempotency[key];
  }
  if (state.deliveries.length > MAX_DELIVERIES) {
    state.deliveries = state.deliveries.slice(-MAX_DELIVERIES);
  }
}

/** One line of the journal: what changed, as its new value (null: removed). */
type Entry =
  | { t: 'o'; c: string; id: string; v: StoredObject | null; n?: number }
  | { t: 'i'; ns: string; k: string; v: unknown }
  | { t: 'd'; v: SandboxState['deliveries'][number] }
  | { t: 'k'; k: string; v: SandboxState['idempotency'][string] }
  | { t: 'm'; seq: number; settings: SandboxState['settings']; scheduled: SandboxState['scheduled'] };

function apply(state: SandboxState, e: Entry): void {
  switch (e.t) {
    case 'o': {
      const coll = (state.objects[e.c] ??= {});
      if (e.v === null) {
        delete coll[e.id];
        delete state.order[e.id];
      } else {
        coll[e.id] = e.v;
        if (e.n !== undefined) state.order[e.id] = e.n;
      }
      return;
    }
    case 'i': {
      const ns = (state.internal[e.ns] ??= {});
      if (e.v === null) delete ns[e.k];
      else ns[e.k] = e.v;
      return;
    }
    case 'd': {
      const idx = state.deliveries.findIndex((d) => d.id === e.v.id);
      if (idx === -1) state.deliveries.push(e.v);
      else state.deliveries[idx] = e.v;
      return;
    }
    case 'k':
      state.idempotency[e.k] = e.v;
      return;
    case 'm':
      state.seq = e.seq;
      state.settings = e.settings;
      state.scheduled = e.scheduled;
      return;
  }
}

/**
 * Keeps the state as a snapshot (`state.json`) plus an append-only journal
 * (`journal.jsonl`): each flush appends one line per object, internal fact, delivery or
 * idempotency record that changed since the last one (the store tracks them), so a write
 * costs what changed, not the whole state. When the journal outgrows the snapshot (and 4 MB)
 * it is folded into a new snapshot (temp file + rename) and emptied; `close()` does the same,
 * so a clean restart reads one file. Loading replays the journal over the snapshot; a torn
 * last line (a crash mid-write) is ignored. Writes are debounced (200 ms) so a request's
 * burst of changes is one append.
 */
export class Persistence {
  private timer: NodeJS.Timeout | null = null;
  private readonly file: string;
  private readonly journal: string;
  private snapshotBytes = 0;
  private journalBytes = 0;

  constructor(
    private dir: string,
    private store: Store,
    private debounceMs = 200,
  ) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'state.json');
    this.journal = join(dir, 'journal.jsonl');
  }

  load(): SandboxState | null {
    let state: SandboxState | null = null;
    try {
      const text = readFileSync(this.file, 'utf8');
      this.snapshotBytes = text.length;
      const parsed = JSON.parse(text) as SandboxState;
      state = parsed.version === 1 ? parsed : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`Cannot read sandbox state ${this.file}: ${(err as Error).message}`);
      }
    }
    if (existsSync(this.journal)) {
      const lines = readFileSync(this.journal, 'utf8').split('\n');
      this.journalBytes = statSync(this.journal).size;
      if (lines.some((l) => l.trim() !== '')) {
        state ??= { version: 1, seq: 0, objects: {}, order: {}, internal: {}, deliveries: [], idempotency: {}, scheduled: [] };
        for (const [i, line] of lines.entries()) {
          if (!line.trim()) continue;
          let entry: Entry;
          try {
            entry = JSON.parse(line) as Entry;
          } catch (err) {
            if (i >= lines.length - 2) break; // the last line of a crash mid-append
            throw new Error(`Cannot read sandbox journal ${this.journal} line ${i + 1}: ${(err as Error).message}`);
          }
          apply(state, entry);
        }
      }
    }
    return state;
  }

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.debounceMs);
    this.timer.unref?.();
  }

  /** Appends what changed; compacts when the journal has grown past the snapshot. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const dirty = this.store.takeDirty();
    if (dirty.all) return this.compact();
    const { state } = this.store;
    const lines: string[] = [];
    for (const [c, ids] of dirty.objects) {
      for (const id of ids) {
        const v = state.objects[c]?.[id] ?? null;
        lines.push(JSON.stringify(v ? { t: 'o', c, id, v, n: state.order[id] } : { t: 'o', c, id, v: null }));
      }
    }
    for (const [ns, keys] of dirty.internal) {
      for (const k of keys) lines.push(JSON.stringify({ t: 'i', ns, k, v: state.internal[ns]?.[k] ?? null }));
    }
    for (const id of dirty.deliveries) {
      const v = state.deliveries.find((d) => d.id === id);
      if (v) lines.push(JSON.stringify({ t: 'd', v }));
    }
    for (const k of dirty.idempotency) {
      const v = state.idempotency[k];
      if (v) lines.push(JSON.stringify({ t: 'k', k, v }));
    }
    if (dirty.meta) lines.push(JSON.stringify({ t: 'm', seq: state.seq, settings: state.settings, scheduled: state.scheduled }));
    if (lines.length === 0) return;
    const chunk = `${lines.join('\n')}\n`;
    appendFileSync(this.journal, chunk);
    this.journalBytes += chunk.length;
    if (this.journalBytes > Math.max(COMPACT_MIN_BYTES, this.snapshotBytes)) this.compact();
  }

  /** Writes the whole state as a new snapshot and empties the journal. */
  compact(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.store.takeDirty();
    prune(this.store.state);
    const text = JSON.stringify(this.store.state);
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, this.file);
    writeFileSync(this.journal, '');
    this.snapshotBytes = text.length;
    this.journalBytes = 0;
  }
}
