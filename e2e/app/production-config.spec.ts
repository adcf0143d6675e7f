import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { expect, test } from './fixtures';

// Production servers of their own (`next start` on the same build) with configurations the
// shared e2e server does not have.

// Beside the shared e2e server's port (3190 by default), so runs on other ports do not collide.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 90;
const ORIGIN = `http://127.0.0.1:${PORT}`;

function startServer(env: Record<string, string>, dataDir: string, opts: { seed?: boolean } = {}): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  rmSync(dataDir, { recursive: true, force: true });
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'RESEND_API_KEY', 'BURSAR_DEMO_MODE', 'BURSAR_DEMO_ADMIN_MAILBOX', 'DATABASE_URL', 'ADMIN_EMAILS', 'STORAGE_DRIVER', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) delete base[key];
  const serverEnv = { ...base, NODE_ENV: 'production' as const, DATA_DIR: dataDir, PGLITE_DIR: `${dataDir}/pglite`, APP_URL: ORIGIN, JOBS_IN_PROCESS: '1', ...env };
  // The demo seed, as an operator following the README would load it (its admin@bursar.test
  // is an admin by its role in the database, not by ADMIN_EMAILS).
  if (opts.seed) {
    for (const script of ['scripts/db-migrate.ts', 'scripts/db-seed.ts']) {
      const run = spawnSync('node_modules/.bin/tsx', [script], { env: serverEnv, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`${script} failed: ${run.stderr}`);
    }
  }
  const child = spawn('node_modules/.bin/next', ['start', '-p', String(PORT), '-H', '127.0.0.1'], {
    env: serverEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function exitsWith(env: Record<string, string>, dataDir: string): Promise<{ code: number | null; output: string }> {
  const server = startServer(env, dataDir);
  const timeout = setTimeout(() => server.child.kill('SIGKILL'), 30_000);
  const code = await server.exited;
  clearTimeout(timeout);
  return { code, output: server.output() };
}

test('production with a real Stripe key refuses to boot without an email provider or a webhook secret, and exits', async () => {
  const noMail = await exitsWith({ STRIPE_SECRET_KEY: 'sk_test_bursarbootcheck', STRIPE_WEBHOOK_SECRET: 'whsec_bootcheck' }, '.data/e2e-boot-1');
  expect(noMail.code).toBe(1);
  expect(noMail.output).toContain('RESEND_API_KEY is not set');

  const noSecret = await exitsWith({ STRIPE_SECRET_KEY: 'sk_test_bursarbootcheck', RESEND_API_KEY: 're_bootcheck' }, '.data/e2e-boot-2');
  expect(noSecret.code).toBe(1);
  expect(noSecret.output).toContain('STRIPE_WEBHOOK_SECRET is not set');
  expect(noSecret.output).not.toContain('RESEND_API_KEY is not set');
});

test('S3 storage without its keys refuses to boot, naming each missing variable, and exits', async () => {
  const noKeys = await exitsWith({ BURSAR_DEMO_MODE: '1', STORAGE_DRIVER: 's3', S3_BUCKET: 'bursar-covers' }, '.data/e2e-boot-3');
  expect(noKeys.code).toBe(1);
  expect(noKeys.output).toContain('S3_ACCESS_KEY_ID is not set, but STORAGE_DRIVER=s3');
  expect(noKeys.output).toContain('S3_SECRET_ACCESS_KEY is not set');
  expect(noKeys.output).not.toContain('S3_BUCKET is not set');
});

test('a demo without the admin opt-in never shows an admin address any mail, by ADMIN_EMAILS or by role', async ({ browser }) => {
  test.setTimeout(180_000);
  const server = startServer({ BURSAR_DEMO_MODE: '1', ADMIN_EMAILS: 'owner@bursar.test', SIGN_IN_LIMIT_PER_CLIENT: '1000' }, '.data/e2e-demo-no-admin', { seed: true });
  try {
    await expect(async () => {
      const health = await fetch(`${ORIGIN}/api/health`).catch(() => null);
      expect(health?.status).toBe(200);
    }).toPass({ timeout: 60_000 });
    const context = await browser.newContext({ baseURL: ORIGIN });
    const page = await context.newPage();
    // A cold server of its own on a busy machine: let the page hydrate before the click, and
    // give the first action (which loads Auth.js and the mail transport) time to answer.
    const ask = async (email: string) => {
      await page.goto('/sign-in', { waitUntil: 'networkidle' });
      await page.getByLabel('Email address').fill(email);
      await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
      await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible({ timeout: 30_000 });
    };
    // An admin address gets no mailbox link, only the reason.
    const mailboxLink = page.getByRole('link', { name: /mailbox/ });
    await ask('owner@bursar.test');
    await expect(page.getByText('the store admin’s mail is never shown')).toBeVisible();
    await expect(mailboxLink).toHaveCount(0);
    await page.goto('/dev/mailbox');
    await expect(page.getByText('The mailbox is empty')).toBeVisible();
    // The seeded demo admin is not in ADMIN_EMAILS: its role in the database makes it one.
    await ask('admin@bursar.test');
    await expect(mailboxLink).toHaveCount(0);
    await page.goto('/dev/mailbox');
    await expect(page.getByText('The mailbox is empty')).toBeVisible();

    // A learner's own mail does show, in the same browser, with the link to it.
    await ask('visitor@bursar.test');
    await expect(page.getByText("never the store admin’s")).toBeVisible();
    await expect(mailboxLink).toHaveCount(1);
    await page.goto('/dev/mailbox');
    const messages = page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    await expect(messages).toHaveCount(1);
    await expect(messages).toContainText('visitor@bursar.test');
    await expect(page.getByText('owner@bursar.test')).toHaveCount(0);
    await expect(page.getByText('admin@bursar.test')).toHaveCount(0);
    await context.close();
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
});
