/** Is agent tracing on (`PIGGYCAR_TRACE=1`)? */
const enabled = typeof process !== 'undefined' && process.env?.PIGGYCAR_TRACE === '1';

/**
 * One timestamped line on stderr about where an agent round spends its time (poll answered, read-back, writes,
 * imports, telemetry), only with `PIGGYCAR_TRACE=1`: a diagnostic for bench/scheduler, free when off.
 *
 * @example
 * traceAgent('core1', 'reconciled', { readMs: 4, writes: 2 });
 */
export function traceAgent(switchName: string, event: string, fields: Record<string, unknown> = {}): void {
  if (!enabled) return;
  process.stderr.write(`${Date.now()} trace agent ${switchName} ${event} ${JSON.stringify(fields)}\n`);
}
