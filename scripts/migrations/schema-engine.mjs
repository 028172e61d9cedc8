// Which schema engine can serve a provider here: Prisma's native engine when the CLI finds one,
// else the offline bridge (scripts/schema-engine-bridge), which serves PostgreSQL and SQLite.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { findNativeSchemaEngine } from '../schema-engine-bridge/src/find-native-schema-engine.mjs';
import { resolvePrismaCli } from '../schema-engine-bridge/src/resolve-prisma-cli.mjs';
import { repoRoot } from './repo-paths.mjs';

/** The folder the Prisma CLI runs from: this package pins the prisma version it uses. */
export const cliDir = dirname(fileURLToPath(import.meta.url));

/** Providers the offline bridge serves. */
const BRIDGE_PROVIDERS = ['sqlite', 'postgresql'];

/**
 * @typedef {{ kind: 'native', source: string } | { kind: 'bridge' } | { kind: 'none', reason: string }} SchemaEngine
 */

/**
 * @param {string} provider
 * @returns {SchemaEngine}
 */
export function schemaEngineFor(provider) {
  const { packageDir } = resolvePrismaCli(cliDir, repoRoot);
  const native = findNativeSchemaEngine(packageDir, process.env);
  if (native !== undefined) return { kind: 'native', source: native };
  if (BRIDGE_PROVIDERS.includes(provider)) return { kind: 'bridge' };

  return {
    kind: 'none',
    reason:
      `no schema engine for ${provider} here: Prisma's native engine is not installed and the offline bridge ` +
      `serves only ${BRIDGE_PROVIDERS.join(' and ')}`,
  };
}

/** @param {SchemaEngine} engine */
export function describeEngine(engine) {
  if (engine.kind === 'native') return `native engine (${engine.source})`;
  if (engine.kind === 'bridge') return 'offline bridge';
  return 'no engine';
}
