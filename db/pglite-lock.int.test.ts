import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockPgliteDir } from './pglite-lock';

const freshDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'bursar-lock-')), 'pglite');

describe('lockPgliteDir', () => {
  it('refuses a directory another live process holds, naming it', () => {
    const dir = freshDir();
    writeFileSync(`${dir}.lock`, String(process.ppid)); // the parent is certainly alive
    expect(() => lockPgliteDir(dir)).toThrow(`in use by process ${process.ppid}`);
  });

  it('takes over a lock left by a process that has exited, and releases it on close', () => {
    const dir = freshDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(`${dir}.lock`, dead.stdout.toString());
    const release = lockPgliteDir(dir);
    expect(readFileSync(`${dir}.lock`, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });
});
