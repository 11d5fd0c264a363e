import type { AppDatabase } from '../db/database';
import { desiredStateInputsKey } from '../db/desired-state-store';
import { onDesiredStateChange } from '../db/migration-store-events';

/** How often one fabric's inputs fingerprint is re-read while agents are long-polling it. */
export const WATCH_INTERVAL_MS = 250;

type Waiter = (key: string | undefined) => void;

interface Watcher {
  /** Each waiter with the fingerprint it already has. */
  waiters: Map<Waiter, string>;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** A read of the fingerprint is under way. */
  reading: boolean;
  /** A change was signalled while reading: read again at once after. */
  again: boolean;
  /** Reads the fingerprint now (a signalled change) instead of at the next interval. */
  poke: () => void;
}

const watchers = new WeakMap<object, Map<string, Watcher>>();

/**
 * Resolves when the fabric's desired-state inputs fingerprint differs from `key` (with the new one), or after
 * `timeoutMs` (with `key`). One timer per fabric serves every long-polling agent, so 1,000 waiting agents cost
 * two small queries per interval, not 2,000. A change signalled in this process (`signalDesiredStateChange`: a
 * migration's phase plan) is read at once, so waiting agents hear of it within milliseconds; the interval is the
 * fallback for changes made elsewhere.
 *
 * @example
 * const next = await waitForInputsChange(db, 'testbed', key, 30_000);
 */
export function waitForInputsChange(db: AppDatabase, fabric: string, key: string, timeoutMs: number): Promise<string | undefined> {
  let perDb = watchers.get(db);
  if (!perDb) {
    watchers.set(db, (perDb = new Map()));
    const fabricsOfDb = perDb;
    onDesiredStateChange(db, function signalled(changed) { fabricsOfDb.get(changed)?.poke(); });
  }
  const fabrics = perDb;
  let watcher = fabrics.get(fabric);
  if (!watcher) {
    const created: Watcher = { waiters: new Map(), timer: undefined, reading: false, again: false, poke: () => undefined };
    created.poke = function poke() {
      if (created.reading) { created.again = true; return; }
      if (created.timer !== undefined) clearTimeout(created.timer);
      created.timer = undefined;
      void tick(created);
    };
    fabrics.set(fabric, (watcher = created));
  }
  const w = watcher;

  async function tick(of: Watcher): Promise<void> {
    of.reading = true;
    try {
      const next = await desiredStateInputsKey(db, fabric);
      for (const [waiter, had] of [...of.waiters]) if (had !== next) waiter(next);
    } catch {
      // A failed read is retried on the next tick; waiters time out on their own.
    }
    of.reading = false;
    if (of.again && of.waiters.size > 0) {
      of.again = false;
      void tick(of);
      return;
    }
    of.again = false;
    if (of.waiters.size > 0) schedule(of);
    else if (fabrics.get(fabric) === of) fabrics.delete(fabric);
  }

  function schedule(of: Watcher): void {
    of.timer = setTimeout(function interval() {
      of.timer = undefined;
      void tick(of);
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
    if (w.timer === undefined && !w.reading) schedule(w);
  });
}
