import type { Sandbox } from './sandbox';
import type { StoredObject } from './store';

/** Internal namespace: object id → the declared-but-unimplemented parameters sent for it. */
export const ACCEPTED_PARAMS = 'accepted_params';

/**
 * After a POST, keeps the parameters the SDK declares but the route does not implement
 * (`sdk-params.ts`): a top-level one whose name is a field of the returned object is set on
 * it (`shipping`, `statement_descriptor_suffix`, `payment_method_options`, …), so a later
 * retrieve shows it; every one is also kept under the object's id
 * (`GET /_sandbox/accepted_params/:id`). They have no other effect.
 */
export function keepAccepted(
  sandbox: Sandbox,
  method: string,
  result: unknown,
  accepted: Record<string, unknown>,
  top: Set<string>,
): unknown {
  if (method !== 'POST' || Object.keys(accepted).length === 0) return result;
  if (typeof result !== 'object' || result === null) return result;
  const { id, object } = result as { id?: unknown; object?: unknown };
  if (typeof id !== 'string' || typeof object !== 'string') return result;
  const stored = sandbox.store.get<StoredObject>(object, id);
  if (!stored) return result;
  const fields = stored as unknown as Record<string, unknown>;
  let changed = false;
  for (const key of top) {
    if (!Object.hasOwn(fields, key) || key === 'id' || key === 'object') continue;
    fields[key] = accepted[key];
    (result as Record<string, unknown>)[key] = structuredClone(accepted[key]);
    changed = true;
  }
  if (changed) sandbox.store.put(stored);
  const kept = sandbox.store.internal<Record<string, unknown>>(ACCEPTED_PARAMS);
  kept[id] = { ...(kept[id] ?? {}), ...structuredClone(accepted) };
  return result;
}
