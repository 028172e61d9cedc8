import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from './support/fixture-project.js';
import { runPrisma } from './support/run-prisma.js';

/**
 * The WASM engine has no MySQL connector. Both ways the CLI runs an engine (a JSON-RPC session
 * and a one-shot `cli can-connect-to-database`) must end with an error naming the scheme and the
 * native engine, never hang. The URL points at a closed port: nothing should try to connect.
 */
describe('datasource schemes the bridge cannot serve', () => {
  let project: FixtureProject;

  beforeAll(() => {
    project = createFixtureProject('mysql', 'mysql://root:secret-password@127.0.0.1:1/test');
  });

  afterAll(() => {
    project?.remove();
  });

  it('fails migrate diff with an error naming the scheme and the native engine', async () => {
    const result = await runPrisma(project.dir, ['migrate', 'diff', '--from-empty', '--to-schema', 'schema.prisma', '--script']);

    expect(result.hung).toBe(false);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('datasource url scheme "mysql:" is not supported by the offline schema engine bridge');
    expect(result.stderr).toContain('native Prisma schema engine');
    expect(result.stderr + result.stdout).not.toContain('secret-password');
  });

  it('fails migrate deploy the same way', async () => {
    const result = await runPrisma(project.dir, ['migrate', 'deploy']);

    expect(result.hung).toBe(false);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('datasource url scheme "mysql:" is not supported by the offline schema engine bridge');
    expect(result.stderr + result.stdout).not.toContain('secret-password');
  });

  it('still generates the client, which needs no schema engine', async () => {
    const result = await runPrisma(project.dir, ['generate']);

    expect(result.code, result.stderr).toBe(0);
  });
});
