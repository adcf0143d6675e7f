import type { Database } from '@/db/client';
import { type NewStripeEvent, recordStripeEvents } from '@/db/queries/stripe-events';

type Waiter = { event: NewStripeEvent; resolve: (inserted: boolean) => void; reject: (error: unknown) => void };

/** Statements in flight at once per database handle; requests arriving meanwhile form the next batch. */
const MAX_IN_FLIGHT = 2;
const MAX_BATCH = 200;

/**
 * Group commit for the webhook route: concurrent deliveries share one INSERT statement and
 * one commit instead of one each. An event is written at once when fewer than
 * `MAX_IN_FLIGHT` statements are running, so a lone delivery waits for nothing; under load,
 * the deliveries that arrive while statements run are written together by the next one.
 * Every caller still answers only after its own row is committed. A failed batch is retried
 * event by event, so one row the database refuses costs only its own delivery a 503.
 */
class GroupCommit {
  private readonly waiting: Waiter[] = [];
  private inFlight = 0;

  constructor(private readonly db: Database) {}

  record(event: NewStripeEvent): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ event, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.inFlight < MAX_IN_FLIGHT && this.waiting.length > 0) {
      const batch = this.takeBatch();
      this.inFlight += 1;
      void this.write(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  /** The next waiters, with each event id at most once (a second delivery of an id in the same batch is its duplicate). */
  private takeBatch(): { first: Waiter[]; repeats: Waiter[] } {
    const first: Waiter[] = [];
    const repeats: Waiter[] = [];
    const ids = new Set<string>();
    while (this.waiting.length > 0 && first.length < MAX_BATCH) {
      const waiter = this.waiting.shift() as Waiter;
      if (ids.has(waiter.event.id)) repeats.push(waiter);
      else {
        ids.add(waiter.event.id);
        first.push(waiter);
      }
    }
    return { first, repeats };
  }

  private async write({ first, repeats }: { first: Waiter[]; repeats: Waiter[] }) {
    try {
      const inserted = await recordStripeEvents(this.db, first.map((w) => w.event));
      for (const w of first) w.resolve(inserted.has(w.event.id));
      for (const w of repeats) w.resolve(false);
    } catch (error) {
      if (first.length === 1) {
        first[0]?.reject(error);
        for (const w of repeats) w.reject(error);
        return;
      }
      await Promise.all(
        first.map(async (w) => {
          try {
            w.resolve((await recordStripeEvents(this.db, [w.event])).has(w.event.id));
          } catch (single) {
            w.reject(single);
          }
        }),
      );
      // The first delivery of each repeated id has settled by now: the repeats are duplicates.
      for (const w of repeats) w.resolve(false);
    }
  }
}

const commits = new WeakMap<Database, GroupCommit>();

/** Records one verified event through its database's group commit; true when it was new. */
export function recordEventGrouped(db: Database, event: NewStripeEvent): Promise<boolean> {
  let commit = commits.get(db);
  if (!commit) {
    commit = new GroupCommit(db);
    commits.set(db, commit);
  }
  return commit.record(event);
}
