/**
 * Vitest global setup (named in the root vitest.config.ts, so it serves every project): starts a
 * throwaway database container for each server provider that has no URL, is not skipped, and
 * can be served by a Docker engine (`docker info` answers). Runs once per `vitest` run, before
 * any test file, and stops the containers afterwards. The URLs reach the tests through the
 * environment (the same variables a developer would set).
 *
 * Where no Docker engine answers (the development machines of this project), nothing starts:
 * the provider's suites then fail loudly for the missing URL, unless ATOMIZER_TEST_SKIP lists it.
 * testcontainers is imported only when a container is actually needed.
 */
import { spawnSync } from 'node:child_process';

import type { StartedTestContainer } from 'testcontainers';
import type { TestProject } from 'vitest/node';

import { isSkipped, SERVER_PROVIDERS, testSetting, URL_VARIABLES, type ServerProvider } from './test-env.js';

const started: StartedTestContainer[] = [];

/** Starts the containers that are needed and hands their URLs to the test workers. */
export async function setup(project: TestProject): Promise<void> {
  const needed = SERVER_PROVIDERS.filter((provider) => !isSkipped(provider) && testSetting(URL_VARIABLES[provider]) === undefined);
  if (needed.length === 0 || !dockerAnswers()) return;

  const urls: Partial<Record<ServerProvider, string>> = {};
  for (const provider of needed) {
    urls[provider] = await startContainer(provider);
    // Workers inherit the environment; `provide` is the documented channel, so both are set.
    process.env[URL_VARIABLES[provider]] = urls[provider];
  }
  project.provide('atomizerContainerUrls', urls);
}

/** Stops every container this run started. */
export async function teardown(): Promise<void> {
  await Promise.all(started.map((container) => container.stop()));
  started.length = 0;
}

/** True when a Docker engine answers `docker info` within a few seconds. */
export function dockerAnswers(): boolean {
  const result = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 15_000 });
  return result.error === undefined && result.status === 0;
}

/** Image per provider; ATOMIZER_TEST_<PROVIDER>_IMAGE overrides it (e.g. mariadb:10.11). */
const IMAGES: Readonly<Record<ServerProvider, string>> = {
  postgresql: 'postgres:16-alpine',
  mysql: 'mysql:8.0',
  sqlserver: 'mcr.microsoft.com/mssql/server:2022-latest',
};

/** The password of the throwaway containers (they listen on a random loopback port). */
const PASSWORD = 'Atomizer-Test-1';

async function startContainer(provider: ServerProvider): Promise<string> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const image = testSetting(`ATOMIZER_TEST_${provider.toUpperCase()}_IMAGE`) ?? IMAGES[provider];

  if (provider === 'postgresql') {
    const container = await new GenericContainer(image)
      .withEnvironment({ POSTGRES_PASSWORD: PASSWORD, POSTGRES_DB: 'test' })
      .withExposedPorts(5432)
      .withHealthCheck({ test: ['CMD-SHELL', 'pg_isready -U postgres -d test'], interval: 1_000, retries: 120 })
      .withWaitStrategy(Wait.forHealthCheck())
      .start();
    started.push(container);
    return `postgresql://postgres:${PASSWORD}@${container.getHost()}:${container.getMappedPort(5432)}/test`;
  }

  if (provider === 'mysql') {
    const admin = image.startsWith('mariadb') ? 'mariadb-admin' : 'mysqladmin';
    const container = await new GenericContainer(image)
      .withEnvironment({ MYSQL_ROOT_PASSWORD: PASSWORD, MARIADB_ROOT_PASSWORD: PASSWORD, MYSQL_DATABASE: 'test', MARIADB_DATABASE: 'test' })
      .withExposedPorts(3306)
      .withHealthCheck({ test: ['CMD-SHELL', `${admin} ping -h 127.0.0.1 -uroot -p${PASSWORD}`], interval: 1_000, retries: 180 })
      .withWaitStrategy(Wait.forHealthCheck())
      .start();
    started.push(container);
    // MySQL 8 authenticates with caching_sha2_password: without TLS the driver fetches the RSA key.
    return `mysql://root:${PASSWORD}@${container.getHost()}:${container.getMappedPort(3306)}/test?allowPublicKeyRetrieval=true`;
  }

  const container = await new GenericContainer(image)
    .withEnvironment({ ACCEPT_EULA: 'Y', MSSQL_SA_PASSWORD: PASSWORD })
    .withExposedPorts(1433)
    .withHealthCheck({
      test: ['CMD-SHELL', `/opt/mssql-tools18/bin/sqlcmd -C -S localhost -U sa -P ${PASSWORD} -Q "SELECT 1" -b`],
      interval: 2_000,
      retries: 120,
    })
    .withWaitStrategy(Wait.forHealthCheck())
    .withStartupTimeout(300_000)
    .start();
  started.push(container);
  return `sqlserver://${container.getHost()}:${container.getMappedPort(1433)};database=master;user=sa;password=${PASSWORD};encrypt=true;trustServerCertificate=true`;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** URLs of the containers the global setup started, by provider. */
    atomizerContainerUrls: Partial<Record<ServerProvider, string>>;
  }
}
