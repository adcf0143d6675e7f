export type DiffRow = { field: string; before: string | null; after: string | null };

const show = (value: unknown): string | null => {
  if (value === undefined) return null;
  if (value === null) return 'empty';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An audit row's `data` as a diff: one row per field that appears in `before` or `after`
 * (null where a side lacks it: created or removed), and everything else as details.
 */
export function auditDiff(data: Record<string, unknown>): { rows: DiffRow[]; details: Array<[string, string]> } {
  const before = isRecord(data.before) ? data.before : {};
  const after = isRecord(data.after) ? data.after : {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const rows = fields.map((field) => ({ field, before: field in before ? show(before[field]) : null, after: field in after ? show(after[field]) : null }));
  const details = Object.entries(data)
    .filter(([key]) => key !== 'before' && key !== 'after')
    .map(([key, value]): [string, string] => [key, show(value) ?? ''])
    .filter(([, value]) => value !== '');
  return { rows, details };
}
