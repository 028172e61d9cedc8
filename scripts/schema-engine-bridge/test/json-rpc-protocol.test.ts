import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_BIN, BridgeSession } from './support/bridge-session.js';
import { twoModelSchema } from './support/fixture-project.js';
import { runCommand } from './support/run-prisma.js';

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** The protocol as the Prisma CLI speaks it (prisma/build/cli.js, class SchemaEngineCLI). */
describe('schema engine JSON-RPC over stdio', () => {
  const workDir = join(import.meta.dirname, '..', '.test-work', `protocol-${randomUUID()}`);
  const sqliteArgs = ['--datasource', JSON.stringify({ url: 'file:./protocol.db' })];
  let session: BridgeSession | undefined;

  beforeAll(() => {
    mkdirSync(workDir, { recursive: true });
  });

  afterEach(async () => {
    if (session && session.child.exitCode === null) await session.close();
    session = undefined;
  });

  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it('answers the --version probe with the engine commit, without starting a session', async () => {
    const result = await runCommand(process.execPath, [BRIDGE_BIN, '--version'], workDir, process.env);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^schema-engine-cli [0-9a-f]{40} /);
  });

  it('sends the diff script as a print request, and answers only after the CLI acknowledges it', async () => {
    session = new BridgeSession(sqliteArgs, workDir);

    session.send({
      jsonrpc: '2.0',
      id: 1,
      method: 'diff',
      params: { from: { tag: 'empty' }, to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: twoModelSchema('sqlite') }] }, script: true, exitCode: null, filters: NO_FILTERS },
    });
    const print = await session.nextMessage();
    session.send({ jsonrpc: '2.0', id: print.id, result: {} });
    const response = await session.nextMessage();

    expect(print.method).toBe('print');
    expect(print.params.content).toMatch(/^-- CreateTable\nCREATE TABLE "Author"/);
    expect(print.params.content.endsWith('\n')).toBe(true);
    expect(response).toEqual({ jsonrpc: '2.0', id: 1, result: { exitCode: 0, stdout: null } });
    expect(existsSync(join(workDir, 'protocol.db'))).toBe(false);
  });

  it('does not report the diff as done while the print request is unanswered', async () => {
    session = new BridgeSession(sqliteArgs, workDir);
    session.send({
      jsonrpc: '2.0',
      id: 1,
      method: 'diff',
      params: { from: { tag: 'empty' }, to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: twoModelSchema('sqlite') }] }, script: true, exitCode: null, filters: NO_FILTERS },
    });
    await session.nextMessage();

    // The CLI goes away without acknowledging: the output may never have been shown.
    session.child.stdin.end();
    const response = await session.nextMessage();

    expect(response.id).toBe(1);
    expect(response.result).toBeUndefined();
    expect(response.error?.data?.message).toContain('closed the connection before answering');
  });

  it('maps getDatabaseVersion to the engine version call', async () => {
    session = new BridgeSession(sqliteArgs, workDir);

    session.send({ jsonrpc: '2.0', id: 7, method: 'getDatabaseVersion', params: { datasource: { tag: 'ConnectionString', url: 'file:./protocol.db' } } });
    const response = await session.nextMessage();

    expect(response.id).toBe(7);
    expect(response.result).toMatch(/^3\.\d+\.\d+/);
  });

  it('answers a method the WASM engine lacks with an error naming the native engine', async () => {
    session = new BridgeSession(sqliteArgs, workDir);

    session.send({ jsonrpc: '2.0', id: 2, method: 'createDatabase', params: {} });
    const response = await session.nextMessage();

    expect(response.id).toBe(2);
    expect(response.error?.data?.is_panic).toBe(false);
    expect(response.error?.data?.message).toContain('schema engine method "createDatabase" is not available');
    expect(response.error?.data?.message).toContain('native Prisma schema engine');
  });

  it('answers every request with the start-up error when neither a url nor a schema names the database', async () => {
    session = new BridgeSession([], workDir);

    session.send({ jsonrpc: '2.0', id: 3, method: 'ensureConnectionValidity', params: {} });
    session.send({ jsonrpc: '2.0', id: 4, method: 'ensureConnectionValidity', params: {} });
    const first = await session.nextMessage();
    const second = await session.nextMessage();

    expect(first.error?.data?.message).toContain('no datasource url was given');
    expect(second.id).toBe(4);
    expect(second.error?.data?.message).toContain('no datasource url was given');
  });

  it('reports an engine panic as is_panic, refuses later requests, and exits 101 when the CLI hangs up', async () => {
    session = new BridgeSession(sqliteArgs, workDir);

    session.send({ jsonrpc: '2.0', id: 5, method: 'debugPanic' });
    const response = await session.nextMessage();
    session.send({ jsonrpc: '2.0', id: 6, method: 'ensureConnectionValidity', params: {} });
    const later = await session.nextMessage();
    const exitCode = await session.close();

    expect(response.error?.data?.is_panic).toBe(true);
    expect(response.error?.data?.message).toContain('This is the debugPanic artificial panic');
    expect(later.id).toBe(6);
    expect(later.error?.data?.message).toContain('the WASM schema engine stopped after an earlier failure');
    // Only now: exiting earlier would make the CLI finish silently with status 0.
    expect(exitCode).toBe(101);
  });

  it('diffs SQLite schema files with no datasource url at all, as the native engine does', async () => {
    session = new BridgeSession([], workDir);

    session.send({
      jsonrpc: '2.0',
      id: 8,
      method: 'diff',
      params: { from: { tag: 'empty' }, to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: twoModelSchema('sqlite') }] }, script: true, exitCode: null, filters: NO_FILTERS },
    });
    const print = await session.nextMessage();
    session.send({ jsonrpc: '2.0', id: print.id, result: {} });
    const response = await session.nextMessage();

    expect(print.params.content).toContain('CREATE TABLE "Book"');
    expect(response.result).toEqual({ exitCode: 0, stdout: null });
  });

  it('asks for a datasource url when a PostgreSQL command needs the server and none was given', async () => {
    session = new BridgeSession([], workDir);

    session.send({
      jsonrpc: '2.0',
      id: 9,
      method: 'diff',
      params: { from: { tag: 'empty' }, to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: twoModelSchema('postgresql') }] }, script: true, exitCode: null, filters: NO_FILTERS },
    });
    const response = await session.nextMessage();

    expect(response.id).toBe(9);
    expect(response.error?.data?.message).toContain('no datasource url was given: set `datasource.url` in prisma.config.ts');
  });

  it('exits 0 once the CLI closes stdin', async () => {
    session = new BridgeSession(sqliteArgs, workDir);
    session.send({ jsonrpc: '2.0', id: 6, method: 'ensureConnectionValidity', params: { datasource: { tag: 'ConnectionString', url: 'file:./protocol.db' } } });
    await session.nextMessage();

    const exitCode = await session.close();

    expect(exitCode).toBe(0);
  });
});

/** One-shot runs: `schema-engine --datasource <json> cli <command>`, no stdin traffic at all. */
describe('schema engine one-shot cli commands', () => {
  const workDir = join(import.meta.dirname, '..', '.test-work', `cli-${randomUUID()}`);

  beforeAll(() => {
    mkdirSync(workDir, { recursive: true });
  });

  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  const runCli = (url: string, command: string) =>
    runCommand(process.execPath, [BRIDGE_BIN, '--datasource', JSON.stringify({ url }), 'cli', command], workDir, process.env);

  it('reports a missing SQLite file as P1003, then creates it', async () => {
    const missing = await runCli('file:./nested/new.db', 'can-connect-to-database');
    const created = await runCli('file:./nested/new.db', 'create-database');
    const present = await runCli('file:./nested/new.db', 'can-connect-to-database');

    expect(missing.hung).toBe(false);
    expect(missing.code).toBe(1);
    // The CLI skips stderr's first line and parses every other line as JSON.
    const [, ...logLines] = missing.stderr.trim().split('\n');
    const errorLine = logLines.map((line) => JSON.parse(line)).find((entry) => entry.level === 'ERROR');
    expect(errorLine).toMatchObject({ target: 'schema_engine::logger', fields: { error_code: 'P1003' } });
    expect(created.code).toBe(0);
    expect(existsSync(join(workDir, 'nested', 'new.db'))).toBe(true);
    expect(present.code).toBe(0);
  });

  it('fails a mysql:// datasource at once with an error naming the scheme', async () => {
    const result = await runCli('mysql://root@127.0.0.1:1/test', 'can-connect-to-database');

    expect(result.hung).toBe(false);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('datasource url scheme \\"mysql:\\" is not supported');
  });
});
