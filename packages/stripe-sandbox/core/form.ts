/**
 * Decodes `application/x-www-form-urlencoded` bodies and query strings the way Stripe does:
 * `metadata[plan]=pro` → `{ metadata: { plan: 'pro' } }`, `line_items[0][price]=p` →
 * `{ line_items: { '0': { price: 'p' } } }` (the schema turns index maps into arrays),
 * `expand[]=a&expand[]=b` → indexes 0, 1. Values stay strings: an empty string means
 * "unset" and is interpreted by the schema, not here.
 */
export type FormValue = string | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/* Scalar forms, as Stripe's v1 form decoder accepts them. */

/**
 * Decimal forms the SDKs send: `12.5`, `12`, `.5`, `5.` and the exponent form Python's
 * `str(float)` gives small numbers (`1e-05`).
 */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Integers: digits with an optional sign (`+5` as some encoders send it). */
export const INTEGER = /^[+-]?\d+$/;

/**
 * Stripe's v1 decoder takes `true` / `false` in any letter case: Python's SDK long sent
 * `True` / `False`, .NET's `bool.ToString()` still does. `1`, `0`, `yes` are refused
 * ("Invalid boolean: 1"), as by Stripe.
 */
export function parseBoolean(s: string): boolean | null {
  const lower = s.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : null;
}

export class FormDecodeError extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
  }
}

export function parseForm(input: string): FormObject {
  const root: FormObject = {};
  if (!input) return root;
  for (const pair of input.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    assign(root, splitKey(key), value, key);
  }
  return root;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new FormDecodeError(`Invalid URL encoding: ${s}`, s);
  }
}

function splitKey(key: string): string[] {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const segments = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let match: RegExpExecArray | null;
  let consumed = first;
  while ((match = re.exec(key)) !== null) {
    if (match.index !== consumed) break;
    segments.push(match[1] ?? '');
    consumed = match.index + match[0].length;
  }
  if (consumed !== key.length) throw new FormDecodeError(`Invalid parameter name: ${key}`, key);
  return segments;
}

function assign(target: FormObject, segments: string[], value: string, fullKey: string): void {
  let node = target;
  for (let i = 0; i < segments.length; i++) {
    let seg = segments[i] ?? '';
    // `a[]` appends: give it the next free index.
    if (seg === '' && i > 0) seg = String(Object.keys(node).length);
    const last = i === segments.length - 1;
    if (last) {
      if (typeof node[seg] === 'object') {
        throw new FormDecodeError(`Invalid parameter: ${fullKey} is both a value and a hash`, fullKey);
      }
      node[seg] = value;
      return;
    }
    const existing = node[seg];
    if (existing === undefined || existing === '') {
      const child: FormObject = {};
      node[seg] = child;
      node = child;
    } else if (typeof existing === 'string') {
      throw new FormDecodeError(`Invalid parameter: ${fullKey} is both a value and a hash`, fullKey);
    } else {
      node = existing;
    }
  }
}
