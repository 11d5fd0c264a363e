import type { AppDatabase } from '../db/database';
import { desiredStateInputsKey } from '../db/desired-state-store';

/** How often one fabric's inputs fingerprint is re-read while agents are long-polling it. */
export const WATCH_INTERVAL_MS = 250;

type Waiter = (key: string | undefined) => void;

interface Watcher {
  /** Each waiter with the fingerprint it already has. */
  waiters: Map<Waiter, string>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const watchers = new WeakMap<object, Map<string, Watcher>>();

/**
 * Resolves when the fabric's desired-state inputs fingerprint differs from `key` (with the new one), or after
 * `timeoutMs` (with `key`). One timer per fabric serves every long-polling agent, so 1,000 waiting agents cost
 * two small queries per interval, not 2,000.
 *
 * @example
 * const next = await waitForInputsChange(db, 'testbed', key, 30_000);
 */
export function waitForInputsChange(db: AppDatabase, fabric: string, key: string, timeoutMs: number): Promise<string | undefined> {
  let perDb = watchers.get(db);
  if (!perDb) watchers.set(db, (perDb = new Map()));
  const fabrics = perDb;
  let watcher = fabrics.get(fabric);
  if (!watcher) fabrics.set(fabric, (watcher = { waiters: new Map(), timer: undefined }));
  const w = watcher;

  function schedule(): void {
    w.timer = setTimeout(async function tick() {
      try {
        const next = await desiredStateInputsKey(db, fabric);
        for (const [waiter, had] of [...w.waiters]) if (had !== next) waiter(next);
      } catch {
        // A failed read is retried on the next tick; waiters time out on their own.
      }
      w.timer = undefined;
      if (w.waiters.size > 0) schedule();
      else if (fabrics.get(fabric) === w) fabrics.delete(fabric);
    }, WATCH_INTERVAL_MS);
  }

  return new Promise(function wait(resolve) {
    const deadline = setTimeout(function expire() {
      w.waiters.delete(done);
      resolve(key);
    }, timeoutMs);
    function done(next: string | undefined): void {
      clearTimeout(deadline);
      w.waiters.delete(done);
      resolve(next);
    }
    w.waiters.set(done, key);
    if (w.timer === undefined) schedule();
  });
}
