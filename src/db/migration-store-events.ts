/** Called with the fabric whose desired-state inputs just changed. */
export type DesiredStateChangeListener = (fabric: string) => void;

/** One listener set per database handle, so apps over different databases (tests, shells) never hear each other. */
const listeners = new WeakMap<object, Set<DesiredStateChangeListener>>();

/**
 * Tells the listeners of this database handle, in this process, that a fabric's desired-state inputs changed
 * (a migration wrote or recorded a phase plan, or ended): long-polling agents are answered at once instead of at
 * the next fingerprint poll. Only a hint: listeners must still re-read the fingerprint, and a process that does not
 * hear it (another Worker isolate) falls back to polling. A throwing listener does not stop the others.
 *
 * @example
 * signalDesiredStateChange(db, 'testbed');
 */
export function signalDesiredStateChange(db: object, fabric: string): void {
  const set = listeners.get(db);
  if (!set) return;
  for (const listener of [...set]) {
    try {
      listener(fabric);
    } catch (err) {
      console.error('desired-state change listener failed', fabric, err);
    }
  }
}

/**
 * Listens to {@link signalDesiredStateChange} for one database handle; returns the unsubscribe function.
 *
 * @example
 * const off = onDesiredStateChange(db, (fabric) => wakeWatchers(fabric)); ... off();
 */
export function onDesiredStateChange(db: object, listener: DesiredStateChangeListener): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  const mine = set;
  mine.add(listener);
  return function off() {
    mine.delete(listener);
  };
}
