import type { TestProvider } from './test-env.js';

/**
 * DDL of the tests' own application table (model TestOrder in test/prisma/<provider>/test-models.prisma),
 * applied after the shipped atomizer.sql.
 */
export const TEST_TABLES_DDL: Readonly<Record<TestProvider, string>> = {
  postgresql: 'CREATE TABLE "test_orders" ("id" TEXT NOT NULL, CONSTRAINT "test_orders_pkey" PRIMARY KEY ("id"));',
  sqlite: 'CREATE TABLE "test_orders" ("id" TEXT NOT NULL PRIMARY KEY);',
  mysql: 'CREATE TABLE `test_orders` (`id` VARCHAR(191) NOT NULL, PRIMARY KEY (`id`)) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;',
  sqlserver: 'CREATE TABLE [dbo].[test_orders] ([id] NVARCHAR(1000) NOT NULL, CONSTRAINT [test_orders_pkey] PRIMARY KEY CLUSTERED ([id]));',
};
