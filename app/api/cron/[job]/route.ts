import { env } from '@/lib/env';
import { handleCronRequest } from '@/lib/jobs/cron';
import { defaultWorkerId, runJob } from '@/lib/jobs/run-job';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ job: string }> };

async function handle(request: Request, { params }: Context) {
  const { job } = await params;
  return handleCronRequest(request, job, {
    secret: env.CRON_SECRET,
    run: (name) => runJob(name, { workerId: defaultWorkerId('cron') }),
  });
}

// Vercel Cron calls GET; other schedulers (GitHub Actions, cron + curl) often POST.
export const GET = handle;
export const POST = handle;
