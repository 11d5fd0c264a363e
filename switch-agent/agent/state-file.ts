import { readFile, rename, writeFile } from 'node:fs/promises';
import type { SwitchDesiredState } from '../../src/core/desired-state/types';

/** What the agent keeps on disk: the last desired state it received and its ETag. */
export interface SavedState {
  etag: string;
  state: SwitchDesiredState;
}

/**
 * Writes the last desired state atomically (temp file + rename), so an agent restarted while the control
 * plane is away still knows its full rules and keeps answering misses (fail-static).
 *
 * @example
 * await saveState('/var/lib/piggycar/core1.json', { etag, state });
 */
export async function saveState(file: string, saved: SavedState): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(saved));
  await rename(tmp, file);
}

/**
 * Reads a saved state, or undefined when there is none or it is unreadable.
 *
 * @example
 * const saved = await loadState(file);
 */
export async function loadState(file: string): Promise<SavedState | undefined> {
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as SavedState;
    return saved && typeof saved.etag === 'string' && saved.state ? saved : undefined;
  } catch {
    return undefined;
  }
}
