import { DECIMAL, INTEGER, parseBoolean, type FormObject, type FormValue } from './form';
import { invalidRequest, missingParameter, unknownParameter } from './errors';
import { acceptDeclared } from './sdk-params';

/**
 * A small declarative schema for Stripe request parameters. Every route declares the
 * parameters it implements; anything else is a `parameter_unknown` error, so a caller never
 * believes the sandbox honoured a parameter it silently ignored.
 *
 * Form values arrive as strings. An empty string means "unset": optional fields decode it
 * to `null` (Stripe's way of clearing a field on update).
 */
export interface Spec<T, Req extends boolean = boolean> {
  readonly required: Req;
  decode(value: FormValue, path: string): T;
}

type Shape = Record<string, Spec<unknown>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends Spec<unknown, true> ? K : never }[keyof S];
type OptionalKeys<S extends Shape> = Exclude<keyof S, RequiredKeys<S>>;
type Decoded<S> = S extends Spec<infer T> ? T : never;
export type Infer<S extends Shape> = { [K in RequiredKeys<S>]: Decoded<S[K]> } & {
  [K in OptionalKeys<S>]?: Decoded<S[K]> | null;
};
type Prettify<T> = { [K in keyof T]: T[K] } & {};

function spec<T>(decode: (value: FormValue, path: string) => T): Spec<T, false> {
  return { required: false, decode };
}

export function required<T>(s: Spec<T>): Spec<T, true> {
  return { required: true, decode: s.decode };
}

function expectString(value: FormValue, path: string, what: string): string {
  if (typeof value !== 'string') {
    throw invalidRequest(`Invalid ${what}: ${path} must be a ${what}, not a hash.`, {
      code: 'parameter_invalid_string',
      param: path,
    });
  }
  return value;
}

export const string = (opts: { max?: number } = {}) =>
  spec((value, path) => {
    const s = expectString(value, path, 'string');
    if (opts.max !== undefined && s.length > opts.max) {
      throw invalidRequest(`Invalid string: ${path} must be at most ${opts.max} characters`, {
        code: 'parameter_invalid_string',
        param: path,
      });
    }
    return s;
  });

export const integer = (opts: { min?: number; max?: number } = {}) =>
  spec((value, path) => {
    const s = expectString(value, path, 'integer');
    if (!INTEGER.test(s)) {
      throw invalidRequest(`Invalid integer: ${s}`, { code: 'parameter_invalid_integer', param: path });
    }
    const n = Number(s);
    if (!Number.isSafeInteger(n)) {
      throw invalidRequest(`Invalid integer: ${s}`, { code: 'parameter_invalid_integer', param: path });
    }
    if (opts.min !== undefined && n < opts.min) {
      throw invalidRequest(`This value must be greater than or equal to ${opts.min}.`, {
        code: 'parameter_invalid_integer',
        param: path,
      });
    }
    if (opts.max !== undefined && n > opts.max) {
      throw invalidRequest(`This value must be less than or equal to ${opts.max}.`, {
        code: 'parameter_invalid_integer',
        param: path,
      });
    }
    return n;
  });

/** A decimal number such as `percent_off=12.5`. */
export const decimal = (opts: { min?: number; max?: number } = {}) =>
  spec((value, path) => {
    const s = expectString(value, path, 'number');
    const n = Number(s);
    if (!DECIMAL.test(s) || !Number.isFinite(n)) {
      throw invalidRequest(`Invalid decimal: ${s}`, { code: 'parameter_invalid_string', param: path });
    }
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      throw invalidRequest(`Invalid ${path}: must be between ${opts.min ?? '-∞'} and ${opts.max ?? '∞'}`, { param: path });
    }
    return n;
  });

export const boolean = () =>
  spec((value, path) => {
    const s = expectString(value, path, 'boolean');
    const b = parseBoolean(s);
    if (b !== null) return b;
    throw invalidRequest(`Invalid boolean: ${s}`, { code: 'parameter_invalid_string', param: path });
  });

export const oneOf = <const V extends string>(values: readonly V[]) =>
  spec((value, path): V => {
    const s = expectString(value, path, 'string');
    if (!(values as readonly string[]).includes(s)) {
      throw invalidRequest(`Invalid ${path}: must be one of ${values.join(', ')}`, {
        code: 'parameter_invalid_string',
        param: path,
      });
    }
    return s as V;
  });

/** The currencies a US Stripe account can charge in (https://docs.stripe.com/currencies). */
export const SUPPORTED_CURRENCIES = new Set(
  (
    'usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd bwp byn bzd cad cdf chf clp cny ' +
    'cop crc cve czk djf dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gnf gtq gyd hkd hnl htg huf idr ils inr isk jmd jod ' +
    'jpy kes kgs khr kmf krw kwd kyd kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk mxn myr mzn nad ngn nio ' +
    'nok npr nzd omr pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr sek sgd shp sle sos srd std szl thb tjs tnd ' +
    'top try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf xcd xcg xof xpf yer zar zmw'
  ).split(' '),
);

export const currency = () =>
  spec((value, path) => {
    const s = expectString(value, path, 'string').toLowerCase();
    if (!SUPPORTED_CURRENCIES.has(s)) {
      throw invalidRequest(`Invalid currency: ${s}. Stripe currently supports these currencies: ${[...SUPPORTED_CURRENCIES].join(', ')}`, {
        code: 'parameter_invalid_string',
        param: path,
      });
    }
    return s;
  });

/** `metadata[key]=value`; an empty value deletes that key on update (see `mergeMetadata`). */
export const metadata = () =>
  spec((value, path) => {
    if (typeof value === 'string') {
      throw invalidRequest(`Invalid object: ${path} must be a hash`, { code: 'parameter_invalid_string', param: path });
    }
    const out: Record<string, string> = {};
    const keys = Object.keys(value);
    if (keys.length > 50) {
      throw invalidRequest('Invalid metadata: metadata can have up to 50 keys.', { param: path });
    }
    for (const key of keys) {
      const v = value[key];
      if (typeof v !== 'string') {
        throw invalidRequest(`Invalid value for ${path}[${key}]: metadata values must be strings`, {
          param: `${path}[${key}]`,
        });
      }
      if (key.length > 40) throw invalidRequest(`Invalid metadata key: ${key} is longer than 40 characters`, { param: path });
      if (v.length > 500) throw invalidRequest(`Invalid metadata value for ${key}: longer than 500 characters`, { param: path });
      out[key] = v;
    }
    return out;
  });

/** Arrays arrive as index maps (`a[0]`, `a[1]`); order follows the indexes. */
export const array = <T>(item: Spec<T>) =>
  spec((value, path): T[] => {
    if (typeof value === 'string') {
      throw invalidRequest(`Invalid array: ${path} must be an array`, { code: 'parameter_invalid_string', param: path });
    }
    const keys = Object.keys(value);
    if (!keys.every((k) => /^\d+$/.test(k))) {
      throw invalidRequest(`Invalid array: ${path} must be an array`, { code: 'parameter_invalid_string', param: path });
    }
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((i) => item.decode(value[String(i)] as FormValue, `${path}[${i}]`));
  });

/** A hash of a fixed key set. Unknown keys are `parameter_unknown`. */
export const object = <S extends Shape>(shape: S) =>
  spec((value, path): Prettify<Infer<S>> => {
    if (typeof value === 'string') {
      throw invalidRequest(`Invalid hash: ${path} must be a hash`, { code: 'parameter_invalid_string', param: path });
    }
    return decodeShape(shape, value, path);
  });

/** A hash keyed by arbitrary strings (e.g. `currency_options[eur][unit_amount]`). */
export const record = <T>(item: Spec<T>) =>
  spec((value, path): Record<string, T> => {
    if (typeof value === 'string') {
      throw invalidRequest(`Invalid hash: ${path} must be a hash`, { code: 'parameter_invalid_string', param: path });
    }
    const out: Record<string, T> = {};
    for (const [k, v] of Object.entries(value)) out[k] = item.decode(v, `${path}[${k}]`);
    return out;
  });

export interface RangeQuery {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** `created=123` or `created[gte]=123&created[lt]=456`. */
export const range = () =>
  spec((value, path): RangeQuery => {
    if (typeof value === 'string') {
      const n = integer().decode(value, path);
      return { gte: n, lte: n };
    }
    return decodeShape({ gt: integer(), gte: integer(), lt: integer(), lte: integer() }, value, path) as RangeQuery;
  });

export function decodeShape<S extends Shape>(shape: S, value: FormObject, path = ''): Prettify<Infer<S>> {
  const out: Record<string, unknown> = {};
  const at = (key: string) => (path ? `${path}[${key}]` : key);
  for (const key of Object.keys(value)) {
    if (Object.hasOwn(shape, key)) continue;
    // Declared by the SDK's types for this route but not implemented: validated, kept, no effect.
    if (acceptDeclared(at(key), value[key] as FormValue)) continue;
    throw unknownParameter(at(key));
  }
  for (const [key, field] of Object.entries(shape)) {
    const raw = value[key];
    if (raw === undefined || raw === '') {
      if (field.required) throw missingParameter(at(key));
      if (raw === '') out[key] = null;
      continue;
    }
    out[key] = field.decode(raw, at(key));
  }
  return out as Prettify<Infer<S>>;
}

/** Applies a metadata update the way Stripe does: new keys merge, empty values delete. */
export function mergeMetadata(
  current: Record<string, string> | null | undefined,
  update: Record<string, string> | null | undefined,
): Record<string, string> {
  if (update === null) return {};
  const next = { ...(current ?? {}) };
  if (!update) return next;
  for (const [k, v] of Object.entries(update)) {
    if (v === '') delete next[k];
    else next[k] = v;
  }
  return next;
}

export const listParams = {
  limit: integer({ min: 1, max: 100 }),
  starting_after: string(),
  ending_before: string(),
};
