import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('core source rules', () => {
  const files = sourceFiles(SRC).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('throws no bare Error (use the classes in src/errors)', () => {
    const offenders = files.filter((file) => /throw new Error\(/.test(file.text)).map((file) => file.path);

    expect(offenders).toEqual([]);
  });

  it('never writes to the console', () => {
    const offenders = files.filter((file) => /\bconsole\.\w+\(/.test(file.text)).map((file) => file.path);

    expect(offenders).toEqual([]);
  });

  it('has no `export *` barrels in the public entry points', () => {
    const entries = files.filter((file) => file.path.endsWith('index.ts'));

    expect(entries.filter((file) => /export \*/.test(file.text)).map((file) => file.path)).toEqual([]);
  });
});
