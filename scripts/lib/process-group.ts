import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A child process with its captured output lines. */
export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Every stdout and stderr line so far (for diagnostics). */
  lines: string[];
  /** Resolves with the first stdout/stderr line that satisfies `predicate`. */
  waitForLine(predicate: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/**
 * Starts and stops the child processes of a demo, test or benchmark run as one group, so nothing is left
 * running: every process is stopped by its own pid (SIGTERM, then SIGKILL after a grace period).
 *
 * @example
 * const group = new ProcessGroup({ echo: true });
 * const sw = group.spawn('core1', process.execPath, ['--import', 'tsx', 'switch-agent/software-switch/main.ts', ...]);
 * await sw.waitForLine((l) => l.includes('"ready"'), 10_000);
 * await group.stopAll();
 */
export class ProcessGroup {
  private readonly processes = new Set<ManagedProcess>();

  constructor(private readonly options: { cwd?: string; echo?: boolean | ((name: string, line: string) => void) } = {}) {}

  spawn(name: string, command: string, args: string[], env: Record<string, string> = {}): ManagedProcess {
    const child = spawn(command, args, {
      cwd: this.options.cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const watchers = new Set<(line: string) => void>();
    const echo = this.options.echo;
    function onLine(line: string): void {
      lines.push(line);
      if (lines.length > 2000) lines.splice(0, lines.length - 1000);
      if (typeof echo === 'function') echo(name, line);
      else if (echo) process.stderr.write(`[${name}] ${line}\n`);
      for (const w of [...watchers]) w(line);
    }
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    const exited = new Promise<number | null>(function onExit(resolve) {
      child.once('exit', (code) => resolve(code));
      child.once('error', () => resolve(null));
    });
    const managed: ManagedProcess = {
      name,
      child,
      lines,
      exited,
      waitForLine(predicate, timeoutMs) {
        const seen = lines.find(predicate);
        if (seen !== undefined) return Promise.resolve(seen);
        return new Promise(function wait(resolve, reject) {
          const timer = setTimeout(function expire() {
            watchers.delete(watcher);
            reject(new Error(`${name}: no matching output within ${timeoutMs} ms; last lines:\n${lines.slice(-15).join('\n')}`));
          }, timeoutMs);
          function watcher(line: string): void {
            if (!predicate(line)) return;
            clearTimeout(timer);
            watchers.delete(watcher);
            resolve(line);
          }
          watchers.add(watcher);
          void exited.then(function early(code) {
            if (!watchers.has(watcher)) return;
            clearTimeout(timer);
            watchers.delete(watcher);
            reject(new Error(`${name}: exited (code ${code}) before the expected output; last lines:\n${lines.slice(-15).join('\n')}`));
          });
        });
      },
    };
    this.processes.add(managed);
    void exited.then(() => this.processes.delete(managed));
    return managed;
  }

  /** Stops one process by its pid: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(p: ManagedProcess, graceMs = 3000): Promise<void> {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return;
    p.child.kill('SIGTERM');
    const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
    await p.exited;
    clearTimeout(timer);
  }

  /** Kills one process at once (SIGKILL): a crash. */
  async kill(p: ManagedProcess): Promise<void> {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return;
    p.child.kill('SIGKILL');
    await p.exited;
  }

  /** Stops every process of the group. */
  async stopAll(graceMs = 3000): Promise<void> {
    await Promise.all([...this.processes].map((p) => this.stop(p, graceMs)));
  }
}
