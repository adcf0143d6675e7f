/**
 * Memoises an async `open` on `globalThis` under `key`, so module reloads (Next dev) share one
 * instance. A rejected open is forgotten, so a database that was down at first use is retried
 * on the next call instead of failing forever.
 */
export function globalSingleton<T>(key: string, open: () => Promise<T>) {
  const store = globalThis as unknown as Record<string, Promise<T> | undefined>;
  return {
    get(): Promise<T> {
      const existing = store[key];
      if (existing) return existing;
      const opening = open();
      store[key] = opening;
      opening.catch(() => {
        if (store[key] === opening) store[key] = undefined;
      });
      return opening;
    },
    /** Forgets the instance and hands it back (if it opened) so the caller can close it. */
    async take(): Promise<T | null> {
      const opening = store[key];
      store[key] = undefined;
      return opening ? opening.catch(() => null) : null;
    },
  };
}
