import { JobNameDuplicateError } from '../errors/job-errors.js';
import { isJobDefinition, type AnyJobDefinition } from './job-definition.js';

/** The job definitions one client or server knows, by name. */
export class JobRegistry {
  private readonly byName = new Map<string, AnyJobDefinition>();

  /** @throws JobNameDuplicateError when two definitions share a name */
  constructor(definitions: readonly AnyJobDefinition[], where: string) {
    for (const definition of definitions) {
      if (this.byName.has(definition.name)) throw new JobNameDuplicateError(definition.name, where);
      this.byName.set(definition.name, definition);
    }
  }

  /** The definition named `name`, or `undefined`. */
  find(name: string): AnyJobDefinition | undefined {
    return this.byName.get(name);
  }

  /**
   * True when this exact definition object is registered under its name. Takes any value (a
   * caller may pass `undefined` or a name where a definition is due) and never throws.
   */
  holds(definition: unknown): boolean {
    return isJobDefinition(definition) && this.byName.get(definition.name) === definition;
  }

  /** Registered names, in registration order. */
  names(): string[] {
    return [...this.byName.keys()];
  }
}
