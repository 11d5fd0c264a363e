/**
 * Jittered exponential backoff for retries against the control plane or the switch: the n-th retry waits a
 * random time in [d/2, d] with d = min(max, base · 2^n), so a fleet of agents that lost the control plane
 * together does not come back in lockstep.
 *
 * @example
 * const b = new Backoff({ baseMs: 250, maxMs: 15_000, random: Math.random });
 * await sleep(b.next()); ... b.reset();
 */
export class Backoff {
  private attempt = 0;

  constructor(private readonly options: { baseMs: number; maxMs: number; random: () => number }) {}

  /** The delay before the next retry, ms. */
  next(): number {
    const ceiling = Math.min(this.options.maxMs, this.options.baseMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(ceiling / 2 + (ceiling / 2) * this.options.random());
  }

  /** After a success. */
  reset(): void {
    this.attempt = 0;
  }

  /** Retries since the last success. */
  get failures(): number {
    return this.attempt;
  }
}

/**
 * A promise that resolves after `ms`, or at once when `signal` aborts.
 *
 * @example
 * await sleep(100, controller.signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(function wait(resolve) {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
