import type { TestProvider } from './test-env.js';

/**
 * DDL of the tests' own application table (model TestOrder in test/prisma/<provider>/test-models.prisma),
 * applied after the shipped atomizer.sql.
 */
export const TEST_TABLES_DDL: Readonly<Record<TestProvider, string>> = {
  postgresql: 'CREATE TABLE "test_orders" ("id" TEXT NOT NULL, CONSTRAINT "test_orders_pkey" PRIMARY KEY ("id"));',
  sqlite: 'CREATE TABLE "test_orders" ("id" TEXT NOT NULL PRIMARY KEY);',
};
