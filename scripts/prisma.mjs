#!/usr/bin/env node
// Repo entry for the offline-capable Prisma CLI wrapper: `node scripts/prisma.mjs <prisma args>`.
// The logic lives in the schema-engine-bridge package so other packages can use its bin too.
import './schema-engine-bridge/bin/prisma-offline.mjs';
