import { readFileSync } from 'node:fs';

/**
 * The datasource the Prisma CLI hands its schema engine: the `datasource` block of
 * `prisma.config.ts`, serialized as JSON.
 *
 * @typedef {object} DatasourceArg
 * @property {string} [url] connection URL of the database the command works on
 * @property {string} [shadowDatabaseUrl] URL of a throwaway database for `migrate dev`/diffs
 */

/**
 * Everything the CLI says on the engine's command line.
 *
 * @typedef {object} EngineArgs
 * @property {boolean} printVersion true for the CLI's `--version` probe (`prisma --version`)
 * @property {DatasourceArg | undefined} datasource absent when the config has no datasource
 * @property {Array<[string, string]>} datamodels `[path, content]` of each `--datamodels` file
 * @property {string | undefined} cliCommand set for one-shot runs (`cli can-connect-to-database`)
 */

/**
 * Reads the arguments the Prisma CLI passes when it spawns its schema engine.
 *
 * The CLI (`SchemaEngineCLI.internalInit` in prisma/build/cli.js) passes `--datamodels <file>`
 * once per schema file, `--datasource <json>`, and sometimes `--enabled-preview-features` and
 * `--extension-types`; the last two carry nothing the WASM engine accepts, so they are skipped.
 * For one-shot commands it runs `--datasource <json> cli <command>` instead (no JSON-RPC).
 *
 * @param {string[]} argv process arguments after the script path
 * @returns {EngineArgs}
 */
export function parseEngineArgs(argv) {
  const datamodelPaths = [];
  let datasource;
  let printVersion = false;
  let cliCommand;

  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];

    if (flag === '--version' || flag === '-V' || flag === 'version') {
      printVersion = true;
    } else if (flag === '--datamodels') {
      datamodelPaths.push(argv[++index]);
    } else if (flag === '--datasource') {
      datasource = JSON.parse(argv[++index]);
    } else if (flag === 'cli') {
      cliCommand = argv[++index];
    } else if (flag === '--enabled-preview-features' || flag === '--extension-types') {
      index += 1;
    }
  }

  // The native engine reads the files itself; the WASM engine wants their contents.
  const datamodels = datamodelPaths.map((path) => [path, readFileSync(path, 'utf8')]);

  return { printVersion, datasource, datamodels, cliCommand };
}
