import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// Proves the module-boundary rules in eslint.config.mjs fire (and stay quiet for type-only
// imports and the allowed folders), by linting snippets as if they lived at a given path.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RULE = '@typescript-eslint/no-restricted-imports';

let eslint: ESLint;

beforeAll(async () => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.mjs') });
  // Loading the config and its plugins takes a few seconds on a busy machine: do it here,
  // under a generous timeout, rather than inside the first test.
  await eslint.lintText('', { filePath: path.join(root, 'app/warm-up.ts') });
}, 60_000);

/** The boundary rule's messages for `code` placed at `file` (other rules are not this test's business). */
async function boundaryErrors(file: string, code: string, rule = RULE): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  if (!result) throw new Error(`no lint result for ${file}`);
  const fatal = result.messages.filter((message) => message.fatal);
  if (fatal.length > 0) throw new Error(`could not parse the snippet: ${fatal[0]?.message}`);
  return result.messages.filter((message) => message.ruleId === rule).map((message) => message.message);
}

describe('tables stay in db/', () => {
  it('refuses a table import in a page, with a pointer to db/queries', async () => {
    const errors = await boundaryErrors('app/(store)/example/page.tsx', "import { users } from '@/db/schema';\nexport const t = users;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('db/queries/<domain>.ts');
  });

  it('refuses a table from a schema file, by alias or relative path, in lib/', async () => {
    expect(await boundaryErrors('lib/example/thing.ts', "import { outbox } from '@/db/schema/ops';\nexport const t = outbox;\n")).toHaveLength(1);
    expect(await boundaryErrors('lib/example/thing.ts', "import { outbox } from '../../db/schema';\nexport const t = outbox;\n")).toHaveLength(1);
  });

  it('refuses drizzle-orm query builders outside db/', async () => {
    const errors = await boundaryErrors('lib/example/thing.ts', "import { eq } from 'drizzle-orm';\nexport const f = eq;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('db/queries/<domain>.ts');
  });

  it('allows type-only imports and the enums module', async () => {
    const code = [
      "import type { users } from '@/db/schema';",
      "import type { SQL } from 'drizzle-orm';",
      "import { outboxStatuses, type OutboxStatus } from '@/db/schema/enums';",
      'export type Row = typeof users.$inferSelect;',
      'export type Fragment = SQL;',
      'export const statuses: readonly OutboxStatus[] = outboxStatuses;',
      '',
    ].join('\n');
    expect(await boundaryErrors('app/(account)/example/page.tsx', code)).toEqual([]);
  });

  it('allows tables in db/, in the Auth.js config, and in tests', async () => {
    const code = "import { eq } from 'drizzle-orm';\nimport { users } from '@/db/schema';\nexport const q = [eq, users];\n";
    expect(await boundaryErrors('db/queries/example.ts', code)).toEqual([]);
    expect(await boundaryErrors('lib/example/thing.int.test.ts', code)).toEqual([]);
    expect(await boundaryErrors('tests/support/example.ts', code)).toEqual([]);
    expect(await boundaryErrors('lib/auth/config.ts', "import { users } from '@/db/schema';\nexport const t = users;\n")).toEqual([]);
  });
});

describe('Stripe only through lib/stripe/', () => {
  it("refuses Stripe's value in a page, with a pointer to lib/stripe/", async () => {
    const errors = await boundaryErrors('app/(store)/example/page.tsx', "import Stripe from 'stripe';\nexport const s = new Stripe('sk_test_x');\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('lib/stripe/');
  });

  it('refuses it in db/ too', async () => {
    expect(await boundaryErrors('db/queries/example.ts', "import Stripe from 'stripe';\nexport const s = Stripe;\n")).toHaveLength(1);
  });

  it('allows `import type Stripe` anywhere', async () => {
    expect(await boundaryErrors('app/(store)/example/page.tsx', "import type Stripe from 'stripe';\nexport type C = Stripe.Customer;\n")).toEqual([]);
  });

  it('allows the value inside lib/stripe/ and packages/stripe-sandbox/, but not tables there', async () => {
    const code = "import Stripe from 'stripe';\nexport const s = Stripe;\n";
    expect(await boundaryErrors('lib/stripe/example.ts', code)).toEqual([]);
    expect(await boundaryErrors('packages/stripe-sandbox/example.ts', code)).toEqual([]);
    expect(await boundaryErrors('lib/stripe/example.ts', "import { users } from '@/db/schema';\nexport const t = users;\n")).toHaveLength(1);
  });
});

describe('the offline sandbox package is for development only, and stands alone', () => {
  it('refuses @bursar/stripe-sandbox in what ships, not in tests, e2e, bench or scripts', async () => {
    const code = "import { startSandbox } from '@bursar/stripe-sandbox';\nexport const s = startSandbox;\n";
    expect(await boundaryErrors('lib/stripe/example.ts', code)).toHaveLength(1);
    expect(await boundaryErrors('app/(store)/example/page.tsx', code)).toHaveLength(1);
    expect(await boundaryErrors('lib/billing/example.int.test.ts', code)).toEqual([]);
    expect(await boundaryErrors('scripts/example.ts', code)).toEqual([]);
    expect(await boundaryErrors('e2e/sandbox/example.spec.ts', code)).toEqual([]);
  });

  it('refuses an import of the app inside packages/stripe-sandbox/', async () => {
    expect(await boundaryErrors('packages/stripe-sandbox/main.ts', "import { env } from '@/lib/env';\nexport const e = env;\n")).toHaveLength(1);
    expect(await boundaryErrors('packages/stripe-sandbox/main.ts', "import { x } from '../../lib/secret-file';\nexport const e = x;\n")).toHaveLength(1);
    expect(await boundaryErrors('packages/stripe-sandbox/core/x.ts', "import { Sandbox } from './sandbox';\nexport const e = Sandbox;\n")).toEqual([]);
  });
});

describe('test support stays out of what ships', () => {
  it('refuses tests/support and vitest in production code, not in tests', async () => {
    const code = "import { setupTestDb } from '@/tests/support/test-db';\nexport const t = setupTestDb;\n";
    expect(await boundaryErrors('lib/billing/example.ts', code)).toHaveLength(1);
    expect(await boundaryErrors('db/queries/example.ts', "import { it } from 'vitest';\nexport const t = it;\n")).toHaveLength(1);
    expect(await boundaryErrors('lib/billing/example.int.test.ts', code)).toEqual([]);
  });
});

describe('server actions come from the one action client', () => {
  const ACTIONS = 'bursar/server-actions-from-client';
  const file = 'app/(account)/example/actions.ts';

  it('refuses a bare async function exported from a "use server" file', async () => {
    const errors = await boundaryErrors(file, "'use server';\nexport async function doIt(formData: FormData) { return formData; }\n", ACTIONS);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('lib/actions/client.ts');
  });

  it('refuses a const that is not built from publicAction, userAction or adminAction', async () => {
    const code = "'use server';\nconst raw = async () => 1;\nexport const doIt = raw;\nexport { raw };\n";
    expect(await boundaryErrors(file, code, ACTIONS)).toHaveLength(2);
  });

  it('accepts actions built from the client, and ignores files without the directive', async () => {
    const code =
      "'use server';\nimport { adminAction, userAction } from '@/lib/actions/client';\nexport const a = userAction.stateAction(async () => 1);\nexport const b = adminAction.inputSchema(undefined as never).action(async () => 2);\n";
    expect(await boundaryErrors(file, code, ACTIONS)).toEqual([]);
    expect(await boundaryErrors('lib/example/helpers.ts', 'export async function helper() { return 1; }\n', ACTIONS)).toEqual([]);
  });
});

describe('server code logs through lib/log.ts', () => {
  const code = "export function f(error: unknown) { console.error('failed', error); }\n";

  it('refuses console.* in lib/, app/ and components/', async () => {
    for (const file of ['lib/admin/example.ts', 'app/(store)/example/route.ts', 'components/checkout/example.ts', 'lib/auth/config.ts']) {
      expect(await boundaryErrors(file, code, 'no-console'), file).toHaveLength(1);
    }
  });

  it('lets scripts, benchmarks and tests print', async () => {
    for (const file of ['scripts/example.ts', 'bench/example.ts', 'lib/admin/example.int.test.ts']) {
      expect(await boundaryErrors(file, code, 'no-console'), file).toEqual([]);
    }
  });
});
