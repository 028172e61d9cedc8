import { afterAll, beforeAll, describe } from 'vitest';

import { createTestDatabase, type TestDatabase } from './test-database.js';
import { isSkipped, requireUrl, type TestProvider } from './test-env.js';

/**
 * Declares a block of integration tests on one provider, titled `[<provider>] <title>` (the
 * runner counts tests per provider from that prefix), with an isolated database created before
 * the block and dropped after it. `database()` returns it inside tests and hooks.
 *
 * A provider listed in ATOMIZER_TEST_SKIP is skipped visibly; a server provider whose URL is
 * missing throws while the file is collected, which fails the file loudly.
 */
export function describeDatabase(
  provider: TestProvider,
  title: string,
  body: (database: () => TestDatabase) => void,
  options: { timeout?: number } = {},
): void {
  const fullTitle = `[${provider}] ${title}`;
  if (isSkipped(provider)) {
    describe.skip(fullTitle, () => body(() => unavailable(provider)));
    return;
  }
  if (provider !== 'sqlite') requireUrl(provider);

  describe(fullTitle, { timeout: options.timeout ?? 30_000 }, () => {
    let current: TestDatabase | undefined;

    beforeAll(async () => {
      current = await createTestDatabase(provider, title);
    }, 60_000);

    afterAll(async () => {
      await current?.drop();
      current = undefined;
    }, 60_000);

    body(() => current ?? unavailable(provider));
  });
}

function unavailable(provider: TestProvider): never {
  throw new Error(`[${provider}] test database used outside its describe block`);
}
