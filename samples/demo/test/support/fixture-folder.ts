import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** One file of the fixture folder and the line count the demo must find in it. */
export interface FixtureFile {
  /** Relative, forward slashes. */
  path: string;
  content: Buffer;
  lines: number;
}

/** 200 000 short lines: several read-stream chunks, so chunk boundaries are exercised. */
const LARGE_FILE_LINES = 200_000;

/**
 * Twelve files whose sorted order is their number, chosen for the edge cases of line
 * counting (empty file, no trailing newline, CRLF, blank lines, binary, multi-byte text, a
 * file bigger than one read chunk) and a nested folder. In sorted order, index 1, 5 and 9 get
 * a flaky scan; index 3 and 9 (04-crlf.txt, 10-script.sh) a doomed publish.
 */
export const FIXTURE_FILES: readonly FixtureFile[] = [
  { path: '01-empty.txt', content: Buffer.from(''), lines: 0 },
  { path: '02-one-line.txt', content: Buffer.from('hello\n'), lines: 1 },
  { path: '03-no-trailing-newline.txt', content: Buffer.from('a\nb'), lines: 2 },
  { path: '04-crlf.txt', content: Buffer.from('x\r\ny\r\n'), lines: 2 },
  { path: '05-binary.bin', content: Buffer.from([0, 1, 2, 10, 255]), lines: 2 },
  { path: '06-unicode.md', content: Buffer.from('héllo wörld ✓\n'), lines: 1 },
  { path: '07-large.log', content: Buffer.from(Array.from({ length: LARGE_FILE_LINES }, (_, i) => `line ${i}\n`).join('')), lines: LARGE_FILE_LINES },
  { path: '08-blank-lines.txt', content: Buffer.from('\n\n\n'), lines: 3 },
  { path: '09-data.json', content: Buffer.from('{"a":1}\n'), lines: 1 },
  { path: '10-script.sh', content: Buffer.from('#!/bin/sh\necho hi\n'), lines: 2 },
  { path: '11-notes.txt', content: Buffer.from('one\ntwo\nthree'), lines: 3 },
  { path: '12-nested/deep/13-file.txt', content: Buffer.from('nested\n'), lines: 1 },
];

/** Writes the fixture into a fresh temp folder; `remove` deletes it. */
export function createFixtureFolder(): { directory: string; remove: () => void } {
  const directory = mkdtempSync(path.join(tmpdir(), 'atomizer-demo-fixture-'));
  for (const file of FIXTURE_FILES) {
    const target = path.join(directory, ...file.path.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
