#!/usr/bin/env node
/**
 * Offline stand-in for Prisma's native schema engine.
 *
 * The Prisma CLI spawns the program named by PRISMA_SCHEMA_ENGINE_BINARY and speaks
 * newline-delimited JSON-RPC 2.0 with it over stdio. This program answers with
 * @prisma/schema-engine-wasm driven by a driver adapter (PostgreSQL or SQLite), so migrate
 * commands work where the native engine cannot be downloaded. stdout is the protocol: all
 * diagnostics go to stderr.
 */
import { engineVersionLine } from '../src/engine-version.mjs';
import { parseEngineArgs } from '../src/parse-engine-args.mjs';
import { runCliSubcommand } from '../src/run-cli-subcommand.mjs';
import { serveSchemaEngine } from '../src/serve-schema-engine.mjs';

const args = parseEngineArgs(process.argv.slice(2));

if (args.printVersion) {
  process.stdout.write(`${engineVersionLine()}\n`);
} else if (args.cliCommand !== undefined) {
  process.exitCode = await runCliSubcommand(args.cliCommand, args.datasource);
} else {
  serveSchemaEngine(args);
}
