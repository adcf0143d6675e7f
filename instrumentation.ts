/**
 * Runs once when a server instance starts (not at build). Validating configuration here
 * makes a bad or missing variable fail the boot with a message naming it — and exit, so a
 * process manager sees the failure instead of a server answering 500 to everything.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  let problems: string[];
  try {
    const { env, stripeMode } = await import('@/lib/env');
    const { bootProblems } = await import('@/lib/boot-checks');
    problems = bootProblems({ ...env, stripeMode });
  } catch (error) {
    problems = [error instanceof Error ? error.message : String(error)];
  }
  if (problems.length > 0) {
    // eslint-disable-next-line no-console -- the logger reads the configuration that just failed to validate.
    console.error(`Bursar cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }

  // Webhook processing, outbox delivery and queued jobs in this process unless disabled.
  const { startInProcessJobs } = await import('@/lib/jobs/in-process');
  startInProcessJobs();
}
