import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Lists the regular files under `directory`, recursively, as forward-slash paths relative to
 * it, sorted. Symbolic links are not followed: a link cycle must not make the demo loop, and
 * pnpm's node_modules is made of links. Sorting makes the plan (which files are flaky or
 * doomed) the same on every machine.
 */
export async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });

  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)))
    .map((relative) => relative.split(path.sep).join('/'));

  return files.sort();
}
