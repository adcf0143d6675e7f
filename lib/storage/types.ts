/**
 * Where uploaded files (course covers) live. The default keeps them on disk under the data
 * directory; an operator who runs several app instances implements this for S3-compatible
 * storage (put = PutObject, get = GetObject) and returns it from `getStorage()`.
 */
export type StoredObject = { bytes: Buffer; contentType: string };

export interface BlobStorage {
  /** Writes the object under `key` (a path like `covers/<id>.webp`; no `..`, no leading `/`). */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
}

/** Keys are ours (never user input), but checked anyway: a key can never leave its root. */
export function assertSafeKey(key: string): void {
  if (!/^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/.test(key) || key.includes('..')) {
    throw new Error(`Unsafe storage key: ${JSON.stringify(key)}`);
  }
}
