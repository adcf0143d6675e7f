/**
 * Where uploaded files (course covers) live: on disk under the data directory by default
 * (`local-disk.ts`), or in an S3-compatible bucket (`s3.ts`) with `STORAGE_DRIVER=s3`.
 * `getStorage()` in `index.ts` picks one from the environment.
 */
export type StoredObject = { bytes: Buffer; contentType: string };

export interface BlobStorage {
  /** Writes the object under `key` (a path like `covers/<id>.webp`; no `..`, no leading `/`), replacing any there. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
}

/** Keys are ours (never user input), but checked anyway: a key can never leave its root. */
export function assertSafeKey(key: string): void {
  if (!/^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/.test(key) || key.includes('..')) {
    throw new Error(`Unsafe storage key: ${JSON.stringify(key)}`);
  }
}

const TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

/**
 * The content type a stored key is served with, from its extension (which the uploader chose
 * from the file's verified bytes), or null for anything else: nothing but these images is served.
 */
export function contentTypeForKey(key: string): string | null {
  return TYPES[key.split('.').pop() ?? ''] ?? null;
}
