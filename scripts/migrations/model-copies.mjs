// Which model files each sample schema folder copies, and the copying itself.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { findSchemaFolders, repoRoot, shippedModelsDir } from './repo-paths.mjs';

/**
 * The copies every sample schema folder should hold:
 * - Atomizer's shipped `atomizer.prisma` of the folder's provider, when the folder uses it
 *   (it holds an `atomizer.prisma`);
 * - each `*.prisma` file directly under the sample's `prisma/` folder: models the sample keeps
 *   once for all providers.
 * @param {string[] | undefined} only sample names to keep
 * @param {string} [samplesDir] the folder holding the samples
 * @returns {Array<{ source: string, target: string }>}
 */
export function planModelCopies(only, samplesDir) {
  const copies = [];
  for (const folder of findSchemaFolders(only, samplesDir)) {
    const shipped = join(shippedModelsDir, folder.provider, 'atomizer.prisma');
    const atomizerCopy = join(folder.schemaDir, 'atomizer.prisma');
    if (existsSync(atomizerCopy) && existsSync(shipped)) copies.push({ source: shipped, target: atomizerCopy });

    const sharedDir = join(folder.sampleDir, 'prisma');
    for (const name of readdirSync(sharedDir).filter((file) => file.endsWith('.prisma')).sort()) {
      copies.push({ source: join(sharedDir, name), target: join(folder.schemaDir, name) });
    }
  }
  return copies;
}

/**
 * Writes (or, with `write: false`, only finds) the copies that differ from their source.
 * @param {Array<{ source: string, target: string }>} copies
 * @param {{ write: boolean, log: (line: string) => void }} options
 * @returns {Array<{ source: string, target: string }>} the copies that differed
 */
export function syncModelCopies(copies, { write, log }) {
  const stale = copies.filter(({ source, target }) => !existsSync(target) || !readFileSync(source).equals(readFileSync(target)));

  for (const { source, target } of stale) {
    const what = `${relative(repoRoot, target)} (from ${relative(repoRoot, source)})`;
    if (write) {
      writeFileSync(target, readFileSync(source));
      log(`sync-models: updated ${what}`);
    } else {
      log(`sync-models: differs from its source: ${what}`);
    }
  }
  return stale;
}
