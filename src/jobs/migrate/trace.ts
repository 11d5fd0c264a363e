/** Is control-plane tracing on (`PIGGYCAR_TRACE=1` in a Node process; never under workerd, which has no env here)? */
const enabled = typeof process !== 'undefined' && process.env?.PIGGYCAR_TRACE === '1';

/**
 * One timestamped line on stderr about where a migration round spends its time (long-poll answers, compiles,
 * telemetry, migration steps), only with `PIGGYCAR_TRACE=1`: a diagnostic for bench/scheduler, free when off.
 *
 * @example
 * traceControlPlane('desired-state answered', { switch: 'core1', ms: 3 });
 */
export function traceControlPlane(event: string, fields: Record<string, unknown> = {}): void {
  if (!enabled) return;
  process.stderr.write(`${Date.now()} trace cp ${event} ${JSON.stringify(fields)}\n`);
}

/** Whether {@link traceControlPlane} writes anything (to skip building its fields when off). */
export const controlPlaneTracing = enabled;
