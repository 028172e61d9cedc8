import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The line `schema-engine --version` prints, e.g. `schema-engine-cli 0edf32...`.
 *
 * `prisma --version` shows it as the Schema Engine version; the commit hash is that of the
 * prisma-engines build inside @prisma/schema-engine-wasm, read from its package version
 * (`7.10.0-4.<hash>`) so that answering the probe does not need to load 5 MB of WASM.
 *
 * @returns {string}
 */
export function engineVersionLine() {
  const packageDir = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const commitHash = version.split('.').at(-1);

  return `schema-engine-cli ${commitHash} (offline bridge over @prisma/schema-engine-wasm ${version})`;
}
