import { EventEmitter } from 'node:events';

import type { JobErrorRecord } from '../storage/storage-contract.js';

/** Fields every job event carries. */
export interface JobEventBase {
  jobId: string;
  /** The job definition's name. */
  name: string;
  queue: string;
  /** The execution's number, 1 for the first. */
  attempt: number;
}

/** A job ran to completion and its completion was written. */
export interface JobCompletedEvent extends JobEventBase {
  /** Handler run time. */
  durationMs: number;
}

/** An attempt failed and the job was scheduled to run again. */
export interface JobRetryingEvent extends JobEventBase {
  durationMs: number;
  error: JobErrorRecord;
  retryAt: Date;
}

/** An attempt failed and the job failed for good. */
export interface JobFailedEvent extends JobEventBase {
  durationMs: number;
  error: JobErrorRecord;
}

/**
 * The server could not write the outcome of an attempt because its lease was gone: it expired
 * and another server took the job, or a peer declared this server dead. Nothing was written.
 */
export interface JobLeaseLostEvent extends JobEventBase {
  /** The outcome that was not written. */
  outcome: 'completed' | 'retrying' | 'failed';
}

/** Events of an `AtomizerServer`, by name. */
export interface ServerEventMap {
  'job:completed': JobCompletedEvent;
  'job:retrying': JobRetryingEvent;
  'job:failed': JobFailedEvent;
  'job:lease-lost': JobLeaseLostEvent;
}

/** Name of a server event. */
export type ServerEventName = keyof ServerEventMap;

/**
 * Typed events of a server. Listeners run synchronously after the outcome is written; a
 * throwing listener is logged and never disturbs processing.
 */
export class ServerEvents {
  private readonly emitter = new EventEmitter();
  private readonly onListenerError: (name: ServerEventName, error: unknown) => void;

  /** @internal */
  constructor(onListenerError: (name: ServerEventName, error: unknown) => void) {
    this.onListenerError = onListenerError;
  }

  /** Calls `listener` for every `name` event. */
  on<K extends ServerEventName>(name: K, listener: (event: ServerEventMap[K]) => void): this {
    this.emitter.on(name, listener);
    return this;
  }

  /** Calls `listener` for the next `name` event only. */
  once<K extends ServerEventName>(name: K, listener: (event: ServerEventMap[K]) => void): this {
    this.emitter.once(name, listener);
    return this;
  }

  /** Removes a listener added with {@link on} or {@link once}. */
  off<K extends ServerEventName>(name: K, listener: (event: ServerEventMap[K]) => void): this {
    this.emitter.off(name, listener);
    return this;
  }

  /**
   * @internal Delivers an event; listener errors are reported, not thrown. An async listener's
   * rejection is reported too: left alone it would be an unhandled rejection, which ends the
   * process by default.
   */
  emit<K extends ServerEventName>(name: K, event: ServerEventMap[K]): void {
    for (const listener of this.emitter.rawListeners(name)) {
      try {
        const result: unknown = (listener as (event: ServerEventMap[K]) => unknown)(event);
        if (typeof (result as { then?: unknown } | null | undefined)?.then === 'function') {
          Promise.resolve(result).catch((error: unknown) => this.report(name, error));
        }
      } catch (error) {
        this.report(name, error);
      }
    }
  }

  private report(name: ServerEventName, error: unknown): void {
    try {
      this.onListenerError(name, error);
    } catch {
      // Reporting must not fail the emitter, nor reject where nobody listens.
    }
  }
}
