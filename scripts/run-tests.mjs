#!/usr/bin/env node
// Runs every test project in one vitest run, then says which database providers really ran.
//
// Database URLs come from the environment first, then from test.env. A provider that is
// neither run nor listed in ATOMIZER_TEST_SKIP fails the run: a missing database must never
// look like a green suite. Database-backed test titles start with "[<provider>]", which is how
// the per-provider counts below are found.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PROVIDERS = ['memory', 'sqlite', 'postgresql', 'mysql', 'sqlserver'];

loadEnvFile(join(root, 'test.env'));

const resultsFile = join(root, 'test-results', 'vitest.json');
mkdirSync(dirname(resultsFile), { recursive: true });

const vitest = spawnSync(
  'pnpm',
  ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: process.env },
);

if (!existsSync(resultsFile)) {
  process.stderr.write(`run-tests: vitest wrote no results to ${resultsFile} (exit ${vitest.status})\n`);
  process.exit(vitest.status || 1);
}

const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
const perProvider = countPassedPerProvider(results);
const skipped = (process.env.ATOMIZER_TEST_SKIP ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const missing = [];

process.stdout.write('\nProviders:\n');
for (const provider of PROVIDERS) {
  const passed = perProvider.get(provider) ?? 0;
  if (skipped.includes(provider)) {
    process.stdout.write(`  ${provider.padEnd(11)} not run: listed in ATOMIZER_TEST_SKIP\n`);
  } else if (passed === 0) {
    process.stdout.write(`  ${provider.padEnd(11)} NO TESTS RAN (expected: set its URL or list it in ATOMIZER_TEST_SKIP)\n`);
    missing.push(provider);
  } else {
    process.stdout.write(`  ${provider.padEnd(11)} ${passed} tests passed\n`);
  }
}

const passed = results.numPassedTests ?? 0;
const failed = results.numFailedTests ?? 0;
const skippedTests = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
const failedSuites = results.numFailedTestSuites ?? 0;
if (failedSuites > 0) process.stdout.write(`\n${failedSuites} test files failed to run or had failures\n`);
if (missing.length > 0) process.stdout.write(`\nProviders that did not run: ${missing.join(', ')}\n`);
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skippedTests} skipped\n`);

const ok = vitest.status === 0 && failed === 0 && failedSuites === 0 && missing.length === 0;
process.exit(ok ? 0 : 1);

/** Sets each KEY=VALUE of the file that the environment does not already define. */
function loadEnvFile(path) {
  if (!existsSync(path)) return;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (match && process.env[match[1]] === undefined) process.env[match[1]] = match[2];
  }
}

/** Counts passed tests whose outermost title names a provider as "[provider]". */
function countPassedPerProvider(report) {
  const counts = new Map();
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status !== 'passed') continue;
      const title = [...(test.ancestorTitles ?? []), test.title].join(' ');
      const match = /\[(memory|sqlite|postgresql|mysql|sqlserver)\]/.exec(title);
      if (match) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
    }
  }
  return counts;
}
