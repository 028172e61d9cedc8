#!/usr/bin/env node
// Writes the products sample's Initial migration for MySQL and SQL Server where no schema
// engine can generate it (no native Prisma engine here; the offline bridge serves only
// PostgreSQL and SQLite). Run it after `scripts/migrations.sh Initial`, which keeps these two
// providers' files and reports them:
//
//   node samples/products-api/scripts/compose-offline-migrations.mjs
//
// Each file is Prisma's output form, composed from two parts: Atomizer's statements copied
// verbatim from @atomizer/prisma-storage's shipped prisma/<provider>/atomizer.sql (which the
// package's hosted CI checks against the real engine), and the sample's own tables below,
// written by hand in the form the engine prints them. The file opens with a header saying so;
// wherever the native engine runs, `scripts/migrations.sh --check` compares everything after the
// header with the engine's output, and `scripts/migrations.sh Initial` replaces the file.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { sampleRoot } from './sample-paths.mjs';

const shippedDir = join(sampleRoot, '..', '..', 'packages', 'prisma-storage', 'prisma');

/** The sample's own tables (products.prisma), per provider, in the engine's output form. */
const PRODUCTS = {
  mysql: {
    tables: `-- CreateTable
CREATE TABLE \`products\` (
    \`id\` VARCHAR(191) NOT NULL,
    \`name\` VARCHAR(191) NOT NULL,
    \`stock\` INTEGER NOT NULL DEFAULT 0,
    \`createdAt\` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    \`updatedAt\` DATETIME(3) NOT NULL,
    \`archivedAt\` DATETIME(3) NULL,

    INDEX \`products_archivedAt_idx\`(\`archivedAt\`),
    PRIMARY KEY (\`id\`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE \`stock_movements\` (
    \`id\` VARCHAR(191) NOT NULL,
    \`productId\` VARCHAR(191) NOT NULL,
    \`jobId\` VARCHAR(191) NOT NULL,
    \`quantity\` INTEGER NOT NULL,
    \`createdAt\` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX \`stock_movements_jobId_key\`(\`jobId\`),
    INDEX \`stock_movements_productId_idx\`(\`productId\`),
    PRIMARY KEY (\`id\`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
`,
    indexes: '',
    foreignKeys: `-- AddForeignKey
ALTER TABLE \`stock_movements\` ADD CONSTRAINT \`stock_movements_productId_fkey\` FOREIGN KEY (\`productId\`) REFERENCES \`products\`(\`id\`) ON DELETE CASCADE ON UPDATE CASCADE;
`,
  },
  sqlserver: {
    tables: `-- CreateTable
CREATE TABLE [dbo].[products] (
    [id] NVARCHAR(1000) NOT NULL,
    [name] NVARCHAR(1000) NOT NULL,
    [stock] INT NOT NULL CONSTRAINT [products_stock_df] DEFAULT 0,
    [createdAt] DATETIME2 NOT NULL CONSTRAINT [products_createdAt_df] DEFAULT CURRENT_TIMESTAMP,
    [updatedAt] DATETIME2 NOT NULL,
    [archivedAt] DATETIME2,
    CONSTRAINT [products_pkey] PRIMARY KEY CLUSTERED ([id])
);

-- CreateTable
CREATE TABLE [dbo].[stock_movements] (
    [id] NVARCHAR(1000) NOT NULL,
    [productId] NVARCHAR(1000) NOT NULL,
    [jobId] NVARCHAR(1000) NOT NULL,
    [quantity] INT NOT NULL,
    [createdAt] DATETIME2 NOT NULL CONSTRAINT [stock_movements_createdAt_df] DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT [stock_movements_pkey] PRIMARY KEY CLUSTERED ([id]),
    CONSTRAINT [stock_movements_jobId_key] UNIQUE NONCLUSTERED ([jobId])
);
`,
    indexes: `-- CreateIndex
CREATE NONCLUSTERED INDEX [products_archivedAt_idx] ON [dbo].[products]([archivedAt]);

-- CreateIndex
CREATE NONCLUSTERED INDEX [stock_movements_productId_idx] ON [dbo].[stock_movements]([productId]);
`,
    foreignKeys: `-- AddForeignKey
ALTER TABLE [dbo].[stock_movements] ADD CONSTRAINT [stock_movements_productId_fkey] FOREIGN KEY ([productId]) REFERENCES [dbo].[products]([id]) ON DELETE CASCADE ON UPDATE CASCADE;
`,
  },
};

/** How each file says it was made and how it is verified. */
const HEADERS = {
  mysql: `-- Hand-written migration
-- How it was produced: by samples/products-api/scripts/compose-offline-migrations.mjs, because
-- the machine it was made on has no native Prisma schema engine and the offline bridge serves
-- only PostgreSQL and SQLite. It is the form \`prisma migrate diff --from-empty --to-schema
-- prisma/mysql --script\` (Prisma 7.10.0) prints: Atomizer's statements verbatim from
-- @atomizer/prisma-storage's prisma/mysql/atomizer.sql (checked against the real engine by the
-- package's hosted CI), the products tables written by hand by the same rules (String is
-- VARCHAR(191), now() is CURRENT_TIMESTAMP(3), indexes inline, foreign keys last).
-- How it is verified: the [mysql] test of this sample applies it to an empty MariaDB 10.11
-- database and drives every model through the client generated from prisma/mysql; where no
-- engine runs, \`scripts/migrations.sh --check\` checks that it holds every statement of the
-- shipped atomizer.sql; wherever the native engine runs, it compares everything after this
-- header with the engine's output, and \`scripts/migrations.sh Initial\` replaces this file.
`,
  sqlserver: `-- Hand-written migration
-- How it was produced: by samples/products-api/scripts/compose-offline-migrations.mjs, because
-- the machine it was made on has no native Prisma schema engine, the offline bridge serves only
-- PostgreSQL and SQLite, and no SQL Server runs there. It is the form \`prisma migrate diff
-- --from-empty --to-schema prisma/sqlserver --script\` (Prisma 7.10.0, previewFeatures =
-- ["partialIndexes"]) prints: Atomizer's statements verbatim from @atomizer/prisma-storage's
-- prisma/sqlserver/atomizer.sql (checked against the real engine by the package's hosted CI),
-- the products tables written by hand by the same rules (String is NVARCHAR(1000), defaults are
-- named constraints, unique constraints inline, indexes and foreign keys after the tables).
-- How it is verified: NOT YET on a SQL Server. The [sqlserver] test of this sample applies it
-- wherever ATOMIZER_TEST_SQLSERVER_URL names one; where no engine runs,
-- \`scripts/migrations.sh --check\` checks that it holds every statement of the shipped
-- atomizer.sql; wherever the native engine runs, it compares everything after this header with
-- the engine's output, and \`scripts/migrations.sh Initial\` replaces this file.
`,
};

for (const provider of ['mysql', 'sqlserver']) {
  const shipped = readFileSync(join(shippedDir, provider, 'atomizer.sql'), 'utf8');
  const sql = `${HEADERS[provider]}\n${compose(withoutHeader(shipped), PRODUCTS[provider])}`;

  // One Initial migration, named with the timestamp of the generated ones beside it.
  const migrationsDir = join(sampleRoot, 'prisma', provider, 'migrations');
  const folder = `${generatedTimestamp()}_Initial`;
  rmSync(migrationsDir, { recursive: true, force: true });
  mkdirSync(join(migrationsDir, folder), { recursive: true });
  writeFileSync(join(migrationsDir, folder, 'migration.sql'), sql);
  writeFileSync(
    join(migrationsDir, 'migration_lock.toml'),
    `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
  );
  process.stdout.write(`compose-offline-migrations: wrote prisma/${provider}/migrations/${folder}/migration.sql\n`);
}

/**
 * Inserts the sample's statements where the engine puts them: its tables after Atomizer's
 * tables, its indexes after Atomizer's indexes, its foreign keys last (before SQL Server's
 * COMMIT). Each group follows the schema's file order: atomizer.prisma, then products.prisma.
 */
function compose(atomizerSql, products) {
  const blocks = atomizerSql.split(/\n\n(?=-- |COMMIT TRAN;)/).map((block) => block.trimEnd());
  const lastOf = (kind) => blocks.findLastIndex((block) => block.startsWith(`-- ${kind}`));

  const insertions = [
    [lastOf('CreateTable'), products.tables],
    [lastOf('CreateIndex'), products.indexes],
    [lastOf('AddForeignKey'), products.foreignKeys],
  ].filter(([, text]) => text !== '');

  const result = [...blocks];
  for (const [index, text] of insertions.sort((left, right) => right[0] - left[0])) {
    result.splice(index + 1, 0, text.trimEnd());
  }
  return `${result.join('\n\n').trimEnd()}\n${atomizerSql.includes('END CATCH') ? '' : '\n'}`;
}

/** Drops the shipped file's leading comment paragraph. */
function withoutHeader(text) {
  const lines = text.split('\n');
  const blank = lines.findIndex((line) => line.trim() === '');
  return lines.slice(blank + 1).join('\n');
}

/** The timestamp of the SQLite Initial migration, so all providers' folders match. */
function generatedTimestamp() {
  const folder = readdirSync(join(sampleRoot, 'prisma', 'sqlite', 'migrations')).find((name) => /^\d{14}_Initial$/.test(name));
  return folder?.slice(0, 14) ?? new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
