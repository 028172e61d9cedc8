/**
 * Test kit for Atomizer storages: `@atomizer/core/testing`. Needs vitest (an optional peer).
 */
export { runStorageConformance } from './storage-conformance.js';
export type { StorageConformanceOptions, StorageFixture } from './storage-conformance.js';
export { runProcessingConformance } from './processing-conformance.js';
export type { ProcessingConformanceOptions } from './processing-conformance.js';
export { waitFor } from './wait-for.js';
export type { WaitForOptions } from './wait-for.js';
