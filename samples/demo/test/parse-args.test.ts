import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { parseDemoArgs } from '../src/cli/parse-args.js';

/** Folders a test created; removed after each test so no run leaves them in the temp folder. */
const createdFolders: string[] = [];

afterEach(() => {
  for (const folder of createdFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('parseDemoArgs', () => {
  it('resolves --dir and --data-dir from the folder the command was typed in', () => {
    const base = mkdtempSync(path.join(tmpdir(), 'atomizer-demo-args-'));
    createdFolders.push(base);

    const args = parseDemoArgs(['--dir', '.', '--data-dir', 'out', '--timeout', '30'], base);

    expect(args).toEqual({ directory: base, dataDir: path.join(base, 'out'), timeoutMs: 30_000, help: false });
  });

  it('defaults to a folder that exists', () => {
    const args = parseDemoArgs([], '/');

    expect(args.directory).toMatch(/typescript[\\/]lib$/);
  });

  it('rejects a --dir that is not a folder, naming it', () => {
    expect(() => parseDemoArgs(['--dir', '/no/such/folder'], '/')).toThrow('--dir must be an existing folder, got "/no/such/folder"');
  });

  it('rejects a --timeout that is not a whole number of seconds', () => {
    expect(() => parseDemoArgs(['--timeout', '1.5'], '/')).toThrow('--timeout must be a whole number of seconds >= 1, got "1.5"');
  });

  it('rejects unknown options', () => {
    expect(() => parseDemoArgs(['--bogus'], '/')).toThrow(/bogus/);
  });
});
