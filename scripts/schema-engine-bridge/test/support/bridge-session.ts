import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const BRIDGE_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'schema-engine-bridge.mjs');

export interface JsonRpcMessage {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: any;
  result?: any;
  error?: { code: number; message: string; data?: any };
}

/**
 * Talks to the bridge the way the Prisma CLI does: one JSON message per line on stdin/stdout.
 * Every line the bridge prints must parse as JSON, or `nextMessage` rejects: stdout is protocol.
 */
export class BridgeSession {
  readonly child: ChildProcessWithoutNullStreams;
  stderr = '';
  readonly #queued: Array<JsonRpcMessage | Error> = [];
  readonly #waiting: Array<(message: JsonRpcMessage | Error) => void> = [];
  readonly exited: Promise<number | null>;

  constructor(args: string[], cwd: string) {
    this.child = spawn(process.execPath, [BRIDGE_BIN, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (chunk) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));

    createInterface({ input: this.child.stdout }).on('line', (line) => {
      let message: JsonRpcMessage | Error;
      try {
        message = JSON.parse(line);
      } catch {
        message = new Error(`the bridge wrote a non-JSON line to stdout: ${line}`);
      }
      const waiter = this.#waiting.shift();
      if (waiter) waiter(message);
      else this.#queued.push(message);
    });
  }

  send(message: JsonRpcMessage): void {
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  /** The next message the bridge writes (a response, or a request such as `print`). */
  async nextMessage(): Promise<JsonRpcMessage> {
    const queued = this.#queued.shift();
    const message = queued ?? (await new Promise<JsonRpcMessage | Error>((resolve) => this.#waiting.push(resolve)));
    if (message instanceof Error) throw message;
    return message;
  }

  /** Closes stdin, as the CLI's `stop()` does, and returns the exit code. */
  async close(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }
}
