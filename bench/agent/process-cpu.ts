import { readFileSync } from 'node:fs';

/**
 * CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux); undefined elsewhere.
 * The benchmark divides work by the CPU time of the processes doing it, so its figures stay comparable on a
 * shared machine where wall-clock rates swing with other load.
 *
 * @example
 * const before = processCpuSeconds(child.pid!); ...; const used = processCpuSeconds(child.pid!)! - before!;
 */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may itself contain spaces); utime and stime are 14 and 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / CLOCK_TICKS_PER_SEC;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)). */
const CLOCK_TICKS_PER_SEC = 100;
