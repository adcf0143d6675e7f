import { invalidRequest } from './errors';
import type { Sandbox } from './sandbox';

/**
 * Computes a field that Stripe only includes when expanded (e.g. a Checkout Session's
 * `line_items`). Registered per `object` type by the resource that owns it.
 */
export type VirtualExpander = (sandbox: Sandbox, parent: Record<string, unknown>) => unknown;

const MAX_DEPTH = 4;

/**
 * Applies `expand[]` paths to a response. A string id in an expandable position is replaced
 * by a copy of the stored object; list responses take `data.`-prefixed paths, as Stripe's do.
 */
export function applyExpand(sandbox: Sandbox, response: unknown, paths: string[]): unknown {
  if (paths.length === 0) return response;
  const root = structuredClone(response);
  for (const path of paths) {
    const parts = path.split('.');
    if (parts.length > MAX_DEPTH) {
      throw invalidRequest(
        `You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${path}`,
        { param: 'expand' },
      );
    }
    expandAt(sandbox, root, parts, path);
  }
  return root;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function expandAt(sandbox: Sandbox, node: unknown, parts: string[], fullPath: string): void {
  if (!isRecord(node) || parts.length === 0) return;
  const [head, ...rest] = parts as [string, ...string[]];
  // Lists: `data.customer` expands `customer` on each element.
  if (node.object === 'list' && head === 'data' && Array.isArray(node.data)) {
    for (const item of node.data) expandAt(sandbox, item, rest, fullPath);
    return;
  }
  let value = node[head];
  const virtual = sandbox.expanders.get(`${String(node.object)}:${head}`);
  if (value === undefined && virtual) {
    value = virtual(sandbox, node);
    node[head] = value;
  } else if (Array.isArray(value)) {
    // Arrays of ids (e.g. `discounts`) expand element by element.
    value = value.map((el: unknown) => {
      if (typeof el !== 'string') return el;
      const found = sandbox.store.findById(el);
      if (!found) throw cannotExpand(fullPath);
      return structuredClone(found);
    });
    node[head] = value;
    if (rest.length > 0) for (const el of value as unknown[]) expandAt(sandbox, el, rest, fullPath);
    return;
  } else if (typeof value === 'string') {
    const found = sandbox.store.findById(value);
    if (!found) throw cannotExpand(fullPath);
    value = structuredClone(found);
    node[head] = value;
  } else if (value === undefined || (!isRecord(value) && value !== null)) {
    throw cannotExpand(fullPath);
  }
  if (rest.length > 0 && value !== null) expandAt(sandbox, value, rest, fullPath);
}

const cannotExpand = (path: string) =>
  invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
