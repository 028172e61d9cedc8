import { InMemoryStorage } from '../../src/storage/in-memory-storage.js';
import { runScheduleConformance } from '../../src/testing/index.js';

runScheduleConformance({
  name: 'InMemoryStorage',
  create: async () => ({ storage: new InMemoryStorage(), cleanup: async () => {} }),
});
