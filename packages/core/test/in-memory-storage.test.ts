import { InMemoryStorage } from '../src/storage/in-memory-storage.js';
import { runStorageConformance } from '../src/testing/index.js';

runStorageConformance({
  name: 'InMemoryStorage',
  create: async () => ({ storage: new InMemoryStorage(), cleanup: async () => {} }),
});
