#!/usr/bin/env node
// Build step: generates one Prisma client per provider into src/generated/<provider>, from the
// schema folder prisma/<provider>. Generate needs no database and no schema engine.
import { prismaConfigFor, providers } from './demo-paths.mjs';
import { runPrisma } from './run-prisma.mjs';

for (const provider of providers) {
  runPrisma(['generate', '--config', prismaConfigFor(provider)], { quiet: true });
}
