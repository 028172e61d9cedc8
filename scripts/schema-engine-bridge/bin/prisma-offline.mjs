#!/usr/bin/env node
/**
 * Runs the local Prisma CLI, pointing it at the offline schema engine bridge when no native
 * schema engine is available (see docs/prisma-offline.md).
 *
 * Usage: `node scripts/prisma.mjs <prisma args>` from any package folder, or the
 * `atomizer-prisma` bin of this package. Set ATOMIZER_PRISMA_DEBUG=1 to see the decision.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findNativeSchemaEngine } from '../src/find-native-schema-engine.mjs';
import { resolvePrismaCli } from '../src/resolve-prisma-cli.mjs';

const bridgePackageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const bridgePath = join(bridgePackageDir, 'bin', 'schema-engine-bridge.mjs');
const repoRoot = join(bridgePackageDir, '..', '..');

let prismaCli;
try {
  prismaCli = resolvePrismaCli(process.cwd(), [repoRoot, bridgePackageDir]);
} catch (error) {
  process.stderr.write(`atomizer-prisma: ${error.message}\n`);
  process.exit(1);
}
const { packageDir, cliPath } = prismaCli;
const nativeEngine = findNativeSchemaEngine(packageDir, process.env);
const env = nativeEngine === undefined ? { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: bridgePath } : process.env;

if (process.env.ATOMIZER_PRISMA_DEBUG) {
  process.stderr.write(
    `atomizer-prisma: cli ${cliPath}; schema engine: ${nativeEngine ?? `offline bridge ${bridgePath}`}\n`,
  );
}

const child = spawn(process.execPath, [cliPath, ...process.argv.slice(2)], { stdio: 'inherit', env });

// Ctrl-C reaches the child through the terminal's process group; only relay other signals.
for (const signal of ['SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}

child.on('exit', (code, signal) => {
  if (signal !== null) {
    process.kill(process.pid, signal);
  } else {
    process.exit(code ?? 1);
  }
});
