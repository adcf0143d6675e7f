import { join } from 'node:path';
import { env, s3Config } from '@/lib/env';
import { LocalDiskStorage } from './local-disk';
import { S3Storage } from './s3';
import type { BlobStorage } from './types';

export type { BlobStorage } from './types';

const globalForStorage = globalThis as unknown as { bursarStorage?: BlobStorage };

/**
 * The process's storage for uploads: an S3-compatible bucket with `STORAGE_DRIVER=s3`, else
 * local disk under DATA_DIR/uploads. (The boot refuses `s3` with a missing setting, so a
 * half-configured bucket never silently falls back to disk.)
 */
export function getStorage(): BlobStorage {
  if (!globalForStorage.bursarStorage) {
    if (env.STORAGE_DRIVER === 's3' && !s3Config) throw new Error('STORAGE_DRIVER=s3 needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
    globalForStorage.bursarStorage = s3Config ? new S3Storage(s3Config) : new LocalDiskStorage(join(env.DATA_DIR, 'uploads'));
  }
  return globalForStorage.bursarStorage;
}

/** Tests point uploads at storage of their own; `undefined` restores the default. */
export function setStorageForTests(storage: BlobStorage | undefined): void {
  globalForStorage.bursarStorage = storage;
}
