import { invalidRequest } from './errors';

/**
 * Stripe's Search Query Language (https://docs.stripe.com/search#search-query-language), the
 * subset the sandbox answers: clauses `field:value` (exact, case-insensitive for text),
 * `field~"value"` (substring, 3+ characters), `field>n`, `>=`, `<`, `<=` (numbers and
 * timestamps), `metadata['key']:'value'`, `-` to negate, `null` for a missing value, joined
 * by `AND` or by `OR` (not both, as in Stripe). Anything else is a 400 naming the problem.
 */
type Op = ':' | '~' | '>' | '>=' | '<' | '<=';
interface Clause {
  field: string;
  metadataKey: string | null;
  op: Op;
  value: string | number | null;
  negate: boolean;
}
export interface Query {
  clauses: Clause[];
  join: 'AND' | 'OR';
}

const bad = (message: string) => invalidRequest(message, { param: 'query' });

export function parseQuery(source: string, fields: Record<string, 'string' | 'number' | 'boolean'>): Query {
  let i = 0;
  const clauses: Clause[] = [];
  const joins = new Set<'AND' | 'OR'>();
  const skipSpace = () => {
    while (i < source.length && /\s/.test(source[i]!)) i++;
  };
  const quoted = (): string => {
    const q = source[i];
    if (q !== '"' && q !== "'") throw bad(`Expected a quoted value at position ${i} of the query.`);
    i++;
    let out = '';
    while (i < source.length && source[i] !== q) {
      if (source[i] === '\\' && i + 1 < source.length) i++;
      out += source[i++];
    }
    if (source[i] !== q) throw bad('Unterminated string in the query.');
    i++;
    return out;
  };
  for (;;) {
    skipSpace();
    if (i >= source.length) break;
    let negate = false;
    if (source[i] === '-') {
      negate = true;
      i++;
    }
    const name = /^[a-z_][a-z0-9_.]*/.exec(source.slice(i))?.[0];
    if (!name) throw bad(`Expected a field name at position ${i} of the query.`);
    i += name.length;
    let metadataKey: string | null = null;
    if (name === 'metadata') {
      if (source[i] !== '[') throw bad("Metadata is searched as metadata['key'].");
      i++;
      metadataKey = quoted();
      if (source[i] !== ']') throw bad("Metadata is searched as metadata['key'].");
      i++;
    } else if (!(name in fields)) {
      throw bad(`Field '${name}' is not a searchable field. Searchable fields: ${['metadata', ...Object.keys(fields)].join(', ')}.`);
    }
    const op = (['>=', '<=', ':', '~', '>', '<'] as const).find((o) => source.startsWith(o, i));
    if (!op) throw bad(`Expected an operator (:, ~, >, <, >=, <=) after '${name}'.`);
    i += op.length;
    let value: string | number | null;
    if (source[i] === '"' || source[i] === "'") value = quoted();
    else {
      const word = /^[^\s)]+/.exec(source.slice(i))?.[0] ?? '';
      i += word.length;
      if (word === 'null') value = null;
      else if (/^-?\d+(\.\d+)?$/.test(word)) value = Number(word);
      else throw bad(`The value for '${name}' must be quoted, a number or null.`);
    }
    const type = metadataKey !== null ? 'string' : fields[name];
    if ((op === '>' || op === '<' || op === '>=' || op === '<=') && (type !== 'number' || typeof value !== 'number')) {
      throw bad(`'${name}' does not support ${op}: comparisons are for numeric fields with a number.`);
    }
    if (op === '~' && (typeof value !== 'string' || value.length < 3)) {
      throw bad(`A substring search (~) on '${name}' needs a quoted value of at least 3 characters.`);
    }
    clauses.push({ field: name, metadataKey, op, value, negate });
    skipSpace();
    if (i >= source.length) break;
    const join = /^(AND|OR)\b/.exec(source.slice(i))?.[0] as 'AND' | 'OR' | undefined;
    if (!join) throw bad(`Expected AND or OR at position ${i} of the query.`);
    joins.add(join);
    i += join.length;
  }
  if (clauses.length === 0) throw bad('The query is empty.');
  if (joins.size > 1) throw bad('A query cannot combine AND and OR.');
  if (clauses.length > 10) throw bad('A query may have at most 10 clauses.');
  return { clauses, join: joins.has('OR') ? 'OR' : 'AND' };
}

function valueAt(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur !== null && typeof cur === 'object' && 'id' in cur) return (cur as { id: unknown }).id;
  return cur;
}

function test(c: Clause, actual: unknown): boolean {
  if (c.value === null) return actual === null || actual === undefined || actual === '';
  if (actual === null || actual === undefined) return false;
  if (typeof c.value === 'number') {
    const n = typeof actual === 'number' ? actual : Number(actual);
    switch (c.op) {
      case '>': return n > c.value;
      case '>=': return n >= c.value;
      case '<': return n < c.value;
      case '<=': return n <= c.value;
      default: return n === c.value;
    }
  }
  const a = String(actual).toLowerCase();
  const v = c.value.toLowerCase();
  return c.op === '~' ? a.includes(v) : a === v;
}

/** Whether an object matches; `paths` maps a query field to where it lives on the object. */
export function matches(q: Query, obj: unknown, paths: Record<string, string> = {}): boolean {
  const results = q.clauses.map((c) => {
    const actual =
      c.metadataKey !== null
        ? ((obj as { metadata?: Record<string, string> | null }).metadata ?? {})[c.metadataKey]
        : valueAt(obj, paths[c.field] ?? c.field);
    const hit = test(c, actual);
    return c.negate ? !hit : hit;
  });
  return q.join === 'AND' ? results.every(Boolean) : results.some(Boolean);
}
