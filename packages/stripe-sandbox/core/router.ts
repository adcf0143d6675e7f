import type { FormObject } from './form';
import type { Sandbox } from './sandbox';

export type Method = 'GET' | 'POST' | 'DELETE';

export interface ApiContext {
  sandbox: Sandbox;
  method: Method;
  path: string;
  params: Record<string, string>;
  /** Body (POST) or query (GET/DELETE) parameters, with `expand` already removed. */
  input: FormObject;
}

export type ApiHandler = (ctx: ApiContext) => unknown;

interface Route<H> {
  method: string;
  pattern: string;
  segments: string[];
  handler: H;
}

/** Path patterns use `:name` segments: `/v1/products/:id`. */
export class Router<H = ApiHandler> {
  private routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method, pattern, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }
  get(pattern: string, handler: H) {
    return this.add('GET', pattern, handler);
  }
  post(pattern: string, handler: H) {
    return this.add('POST', pattern, handler);
  }
  delete(pattern: string, handler: H) {
    return this.add('DELETE', pattern, handler);
  }

  /** Every registered route, in registration order. */
  list(): Array<{ method: string; pattern: string }> {
    return this.routes.map((r) => ({ method: r.method, pattern: r.pattern }));
  }

  match(method: string, path: string): { handler: H; params: Record<string, string>; pattern: string } | null {
    const parts = path.split('/').filter(Boolean);
    // Literal segments win over parameters (`/v1/checkout/sessions/:id` vs `/…/line_items`).
    let best: { handler: H; params: Record<string, string>; pattern: string; literals: number } | null = null;
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i] ?? '';
        const part = decodeURIComponent(parts[i] ?? '');
        if (seg.startsWith(':')) params[seg.slice(1)] = part;
        else if (seg === part) literals++;
        else {
          ok = false;
          break;
        }
      }
      if (ok && (!best || literals > best.literals)) best = { handler: route.handler, params, pattern: route.pattern, literals };
    }
    return best;
  }
}
