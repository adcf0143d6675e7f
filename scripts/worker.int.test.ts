import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { getPriority } from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const running: { kill: (signal: NodeJS.Signals) => boolean; exited: Promise<unknown> }[] = [];
afterEach(async () => {
  for (const child of running.splice(0)) {
    child.kill('SIGTERM');
    await child.exited;
  }
});

/** `npm run worker` as node runs it under tsx, on a PGlite directory of its own; resolves with its pid once it runs its jobs. */
async function startWorker(env: Record<string, string>): Promise<number> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bursar-worker-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: path.join(dataDir, 'pglite'), DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  running.push({ kill: (signal) => child.kill(signal), exited });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/^worker .*: running /m.test(output)) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`the worker exited before it ran:\n${output}`)));
  });
  return child.pid as number;
}

describe('npm run worker', () => {
  // On a machine it shares with the app, the app's webhook route must win the CPU.
  it('runs below the priority it was started with (WORKER_NICE, 10 by default), or at it with WORKER_NICE=0', async () => {
    const own = getPriority();
    const [lowered, kept] = await Promise.all([startWorker({}), startWorker({ WORKER_NICE: '0' })]);
    expect(getPriority(lowered)).toBe(Math.min(19, own + 10));
    expect(getPriority(kept)).toBe(own);
  }, 60_000);
});
