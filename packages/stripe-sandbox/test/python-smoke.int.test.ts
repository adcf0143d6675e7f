import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './helpers';

/**
 * Another SDK against the sandbox: `python/smoke.py` with Stripe's Python library
 * (Debian's `python3-stripe`). Skipped, with the reason, where it is not installed.
 */
const SCRIPT = fileURLToPath(new URL('./python/smoke.py', import.meta.url));
const python = ['python3', '/usr/bin/python3'].find((bin) => spawnSync(bin, ['-c', 'import stripe'], { stdio: 'ignore' }).status === 0);

let t: TestSandbox;
beforeAll(async () => {
  if (python) t = await startTestSandbox();
});
afterAll(async () => {
  await t?.running.close();
});

describe('the Python SDK', () => {
  it('runs customer → PaymentIntent → refund → events against the sandbox', async (ctx) => {
    if (!python) {
      ctx.skip('python3 with the stripe module is not installed (apt-get install -y python3-stripe, or pip install stripe)');
      return;
    }
    // Asynchronously: the sandbox serves the script from this same process.
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        python,
        [SCRIPT],
        { env: { ...process.env, SANDBOX_URL: t.running.url, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' }, timeout: 60_000 },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
    const last = run.stdout.trim().split('\n').pop() ?? '';
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(JSON.parse(last)).toMatchObject({ ok: true });
  }, 90_000);
});
