import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'e2e',
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  // Two cores: one browser at a time keeps the production server responsive.
  workers: 1,
  // Journeys sign in twice, pay through hosted Checkout and wait for webhooks: on a busy
  // two-core machine one takes a minute, so the budget is generous (an expect still fails in 10 s).
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    },
  },
  projects: [
    // The sandbox's own hosted pages; each spec starts a sandbox of its own.
    { name: 'sandbox', testDir: 'e2e/sandbox', use: { ...devices['Desktop Chrome'] } },
    { name: 'app', testDir: 'e2e/app', use: { ...devices['Desktop Chrome'] } },
  ],
  webServer: {
    // A production build (`next build` runs first in `npm run test:e2e`) on a fresh PGlite,
    // with its own sandbox and data directory, so it never touches the dev store.
    command: 'node_modules/.bin/tsx scripts/e2e-server.ts',
    url: `${baseURL}/api/health`,
    env: { E2E_PORT: String(PORT) },
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
