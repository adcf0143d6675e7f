import { ActionRefusal } from '@/lib/actions/refusal';

/** Runs a domain action that must refuse; returns the sentence the caller would see. Anything else fails the test. */
export async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ActionRefusal) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
}
