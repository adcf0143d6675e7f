import { z } from 'zod';

/**
 * Keyset ("seek") pagination cursors for admin tables: a page is "rows after (sortKey, id)"
 * in a fixed order, so page 5,000 costs what page 1 costs (OFFSET would scan every row it
 * skips). A cursor is the last row's sort key and id, base64url-encoded; a forged or stale
 * cursor fails to parse and the table starts from the top instead of erroring.
 */
export type Keyset = { sort: string; id: string };

const keysetSchema = z.tuple([z.string().min(1).max(64), z.string().min(1).max(255)]);

export function encodeKeyset(keyset: Keyset): string {
  return Buffer.from(JSON.stringify([keyset.sort, keyset.id]), 'utf8').toString('base64url');
}

export function decodeKeyset(cursor: string | null | undefined): Keyset | null {
  if (!cursor || cursor.length > 512) return null;
  try {
    const parsed = keysetSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? { sort: parsed.data[0], id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

/** Direction of travel: `after` = older rows (next page), `before` = newer rows (previous page). */
export type PageDirection = 'after' | 'before';

/**
 * Given rows fetched with limit+1 in the direction of travel, the rows to show (always in
 * display order) and whether there is more in each direction.
 */
export function slicePage<T>(rows: T[], limit: number, direction: PageDirection, hadCursor: boolean): { rows: T[]; hasNext: boolean; hasPrev: boolean } {
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (direction === 'before') {
    page.reverse();
    return { rows: page, hasNext: hadCursor, hasPrev: more };
  }
  return { rows: page, hasNext: more, hasPrev: hadCursor };
}
