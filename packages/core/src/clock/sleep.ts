/**
 * A pause that can be cut short: `sleep(ms)` resolves after `ms` or at the next `wake()`,
 * whichever comes first. A `wake()` while no one sleeps is kept for the next `sleep`, so a
 * loop that was busy when work arrived does not then sleep through it.
 */
export class WakeableSleep {
  private wakeCurrent: (() => void) | undefined;
  private wakePending = false;

  /** Resolves after `ms` milliseconds, or earlier on {@link wake}; without `ms`, on a wake only. */
  sleep(ms?: number): Promise<void> {
    if (this.wakePending) {
      this.wakePending = false;
      return Promise.resolve();
    }

    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        if (this.wakeCurrent === finish) this.wakeCurrent = undefined;
        resolve();
      };
      if (ms !== undefined) timer = setTimeout(finish, ms);
      this.wakeCurrent = finish;
    });
  }

  /** Ends the current sleep now, or the next one if no one sleeps. */
  wake(): void {
    if (this.wakeCurrent === undefined) {
      this.wakePending = true;
      return;
    }
    this.wakeCurrent();
  }
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
