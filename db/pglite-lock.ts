import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * PGlite is single-process: two processes opening one data directory corrupt it or fail with
 * obscure errors (a dev server and `npm run db:seed`, or two `next build` workers). A lock file
 * holding the owner's pid turns that into a clear message. A lock left by a process that died
 * (kill -9, crash) names a pid that no longer runs, and is taken over.
 */
export function lockPgliteDir(dataDir: string): () => void {
  // Beside the directory, not in it: PGlite owns its directory's contents.
  const lockPath = `${path.resolve(dataDir)}.lock`;
  const mine = String(process.pid);
  try {
    writeFileSync(lockPath, mine, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(readFileSync(lockPath, 'utf8').trim());
    if (owner !== process.pid && isRunning(owner)) {
      throw new Error(
        `PGlite data directory ${dataDir} is in use by process ${owner}. ` +
          'Stop that process, or give this one its own PGLITE_DIR (or a DATABASE_URL). ' +
          `If that process does not use it, delete ${lockPath}.`,
      );
    }
    writeFileSync(lockPath, mine);
  }
  const release = () => {
    process.off('exit', release);
    try {
      if (readFileSync(lockPath, 'utf8').trim() === mine) rmSync(lockPath);
    } catch {
      // Already gone: nothing to release.
    }
  };
  // Next and tsx exit through process.exit on SIGINT/SIGTERM, which runs this synchronously.
  process.on('exit', release);
  return release;
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0); // signal 0 only checks existence
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}
