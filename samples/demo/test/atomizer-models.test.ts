import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { demoRoot } from '../src/demo-paths.js';

describe("the demo's copy of Atomizer's model files", () => {
  it.each(['sqlite', 'postgresql'])('matches @atomizer/prisma-storage for %s (else: node scripts/sync-models.mjs, then scripts/migrations.sh <Name>, from the repo root)', (provider) => {
    const source = readFileSync(path.join(demoRoot, '..', '..', 'packages', 'prisma-storage', 'prisma', provider, 'atomizer.prisma'), 'utf8');

    const copy = readFileSync(path.join(demoRoot, 'prisma', provider, 'atomizer.prisma'), 'utf8');

    expect(copy).toBe(source);
  });
});
