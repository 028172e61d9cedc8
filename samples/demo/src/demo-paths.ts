import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The demo package's folder (samples/demo). This file sits one level under it, both as
 * src/demo-paths.ts (tests) and as dist/demo-paths.js (the built demo).
 */
export const demoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Default home of the SQLite file and the log: gitignored, safe to delete at any time. */
export const defaultDataDir = path.join(demoRoot, '.data');
