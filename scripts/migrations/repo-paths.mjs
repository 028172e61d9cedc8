// Absolute paths of the repo parts the migration scripts work on.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where @atomizer/prisma-storage ships its model files, one folder per provider. */
export const shippedModelsDir = join(repoRoot, 'packages', 'prisma-storage', 'prisma');

/** The folder that holds the samples (`--samples-dir` points the scripts at a copy). */
export const defaultSamplesDir = join(repoRoot, 'samples');

/** Prisma providers in the order every report lists them. */
export const PROVIDERS = ['sqlite', 'postgresql', 'mysql', 'sqlserver'];

/**
 * Every sample schema folder: `samples/<sample>/prisma/<provider>/` holding a `schema.prisma`.
 * @param {string[] | undefined} only sample names to keep; all when undefined or empty
 * @param {string} [samplesDir] the folder holding the samples
 * @returns {Array<{ sample: string, provider: string, sampleDir: string, schemaDir: string, migrationsDir: string }>}
 */
export function findSchemaFolders(only, samplesDir = defaultSamplesDir) {
  const folders = [];
  for (const sample of listDirs(samplesDir)) {
    if (only !== undefined && only.length > 0 && !only.includes(sample)) continue;

    const sampleDir = join(samplesDir, sample);
    for (const provider of PROVIDERS) {
      const schemaDir = join(sampleDir, 'prisma', provider);
      if (!existsSync(join(schemaDir, 'schema.prisma'))) continue;
      folders.push({ sample, provider, sampleDir, schemaDir, migrationsDir: join(schemaDir, 'migrations') });
    }
  }
  return folders;
}

/** @param {string} dir */
export function listDirs(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
