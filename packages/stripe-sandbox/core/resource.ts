import { resourceMissing } from './errors';
import type { Sandbox } from './sandbox';
import type { StoredObject } from './store';

/** Loads a stored object or throws Stripe's 404 `resource_missing`. */
export function findOrThrow<T extends StoredObject>(
  sandbox: Sandbox,
  collection: string,
  id: string,
  param = 'id',
): T {
  const found = sandbox.store.get<T>(collection, id);
  if (!found) throw resourceMissing(collection, id, param);
  return found;
}

/** Saves a new version of an object and returns a detached copy for the response. */
export function save<T extends StoredObject>(sandbox: Sandbox, obj: T): T {
  sandbox.store.put(obj);
  return obj;
}

export const clone = <T>(v: T): T => structuredClone(v);
