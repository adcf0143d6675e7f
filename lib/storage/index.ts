import { join } from 'node:path';
import { env } from '@/lib/env';
import { LocalDiskStorage } from './local-disk';
import type { BlobStorage } from './types';

export type { BlobStorage } from './types';

const globalForStorage = globalThis as unknown as { bursarStorage?: BlobStorage };

/** The process's storage for uploads: local disk under DATA_DIR/uploads (see types.ts for S3). */
export function getStorage(): BlobStorage {
  globalForStorage.bursarStorage ??= new LocalDiskStorage(join(env.DATA_DIR, 'uploads'));
  return globalForStorage.bursarStorage;
}

/** Tests point uploads at a directory of their own; `undefined` restores the default. */
export function setStorageForTests(storage: BlobStorage | undefined): void {
  globalForStorage.bursarStorage = storage;
}
