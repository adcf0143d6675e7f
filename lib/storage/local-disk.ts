import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { assertSafeKey, type BlobStorage, contentTypeForKey, type StoredObject } from './types';

/**
 * Files on local disk under `root` (by default `<DATA_DIR>/uploads`). The content type is
 * derived from the key's extension, which the uploader chose from the file's verified bytes.
 * Writes go to a temporary file first and are renamed into place, so a reader never sees half a file.
 */
export class LocalDiskStorage implements BlobStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    assertSafeKey(key);
    const path = resolve(join(this.root, key));
    if (!path.startsWith(`${this.root}/`)) throw new Error('Storage key escapes its root');
    return path;
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temp, bytes, { mode: 0o644 });
    await rename(temp, path);
  }

  async get(key: string): Promise<StoredObject | null> {
    let path: string;
    try {
      path = this.pathOf(key);
    } catch {
      return null;
    }
    const contentType = contentTypeForKey(key);
    if (!contentType) return null;
    try {
      return { bytes: await readFile(path), contentType };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
