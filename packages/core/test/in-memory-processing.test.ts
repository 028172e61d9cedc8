import { InMemoryStorage } from '../src/storage/in-memory-storage.js';
import { runProcessingConformance } from '../src/testing/index.js';

runProcessingConformance({
  name: 'InMemoryStorage',
  create: async () => ({ storage: new InMemoryStorage(), cleanup: async () => {} }),
  jobCount: 3_000,
});
