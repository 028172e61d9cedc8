#!/usr/bin/env node
// Fails when a shipped prisma/<provider>/atomizer.sql differs from what Prisma generates for
// prisma/<provider>/atomizer.prisma: `prisma migrate diff --from-empty --to-schema ... --script`.
//
// Usage: node scripts/check-shipped-ddl.mjs <provider>...
// The schema diffed is a temporary folder holding the test schema head (generator + datasource,
// test/prisma/<provider>/schema.prisma) and the shipped model file, and nothing else.
//
// The shipped files start with a comment paragraph saying how they were made; everything after
// it must equal Prisma's output line for line (trailing spaces and blank lines at the end
// ignored). Needs Prisma's native schema engine, so it runs where that can be downloaded (the
// hosted CI), not on machines without it. PRISMA_CLI overrides the command that runs Prisma.
import { execSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const prismaCli = process.env.PRISMA_CLI ?? 'npx --yes prisma@7.10.0';
const providers = process.argv.slice(2);

if (providers.length === 0) {
  process.stderr.write('check-shipped-ddl: name at least one provider, e.g. mysql sqlserver\n');
  process.exit(2);
}

let failed = false;
for (const provider of providers) {
  const shippedFile = join(packageRoot, 'prisma', provider, 'atomizer.sql');
  const schemaFolder = mkdtempSync(join(tmpdir(), `atomizer-ddl-${provider}-`));
  copyFileSync(join(packageRoot, 'test', 'prisma', provider, 'schema.prisma'), join(schemaFolder, 'schema.prisma'));
  copyFileSync(join(packageRoot, 'prisma', provider, 'atomizer.prisma'), join(schemaFolder, 'atomizer.prisma'));

  let generated;
  try {
    generated = execSync(`${prismaCli} migrate diff --from-empty --to-schema "${schemaFolder}" --script`, {
      cwd: schemaFolder,
      encoding: 'utf8',
      env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    });
  } finally {
    rmSync(schemaFolder, { recursive: true, force: true });
  }
  const expected = normalize(generated);
  const shipped = normalize(withoutHeader(readFileSync(shippedFile, 'utf8')));

  const mismatch = firstMismatch(shipped, expected);
  if (mismatch === undefined) {
    process.stdout.write(`check-shipped-ddl: ${provider}: prisma/${provider}/atomizer.sql matches Prisma's output\n`);
    continue;
  }
  failed = true;
  process.stdout.write(
    `check-shipped-ddl: ${provider}: line ${mismatch + 1} differs\n` +
      `  shipped:   ${shipped[mismatch] ?? '(end of file)'}\n` +
      `  generated: ${expected[mismatch] ?? '(end of output)'}\n` +
      `--- Prisma's full output ---\n${generated}\n`,
  );
}
process.exit(failed ? 1 : 0);

/** Drops the leading paragraph when every line of it is an SQL comment (the file's header). */
function withoutHeader(text) {
  const lines = text.split('\n');
  const blank = lines.findIndex((line) => line.trim() === '');
  if (blank > 0 && lines.slice(0, blank).every((line) => line.startsWith('--'))) return lines.slice(blank + 1).join('\n');
  return text;
}

/** Lines without trailing spaces, without blank lines at either end. */
function normalize(text) {
  const lines = text.replaceAll('\r\n', '\n').split('\n').map((line) => line.trimEnd());
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

function firstMismatch(left, right) {
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    if (left[index] !== right[index]) return index;
  }
  return undefined;
}
