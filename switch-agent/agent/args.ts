/** Options of `piggycar-agent`, parsed from the command line. */
export interface AgentOptions {
  controlPlane: string;
  switchName: string;
  token: string;
  /** P4Runtime target host:port. */
  target: string;
  fabric?: string;
  p4infoFile?: string;
  deviceConfigFile?: string;
  deviceId: number;
  /** Election id for primary arbitration; a restarted agent must use a higher one than a stale primary. */
  electionId: bigint;
  telemetryIntervalMs: number;
  /** Long-poll hold, seconds. */
  waitSeconds: number;
  /** Where the last desired state is kept so a restart without the control plane still serves misses. */
  stateFile?: string;
  /** Full re-read of the switch tables to repair drift, ms (0 = only on (re)connect). */
  resyncIntervalMs: number;
  /**
   * When an apply reads tc_session_table back: `resync` (the default when absent) only on (re)connect, on the
   * periodic resync and after a failed reconcile — a new desired state takes the sessions from the agent's
   * tracker; `always` on every apply (slower: every session is read and decoded each time).
   */
  readBack?: 'resync' | 'always';
  /** Seed of the slow path's weighted random choice; default: random. */
  seed?: number;
  quiet: boolean;
}

export const USAGE = `usage: piggycar-agent --control-plane URL --switch NAME --token T --target HOST:PORT
       [--fabric NAME] [--p4info FILE] [--device-config FILE] [--device-id N] [--election-id N]
       [--telemetry-interval MS] [--wait S] [--state-file FILE] [--resync-interval MS] [--read-back resync|always]
       [--seed N] [--quiet]
The token may also come from PIGGYCAR_AGENT_TOKEN, --read-back from PIGGYCAR_AGENT_READ_BACK.`;

/**
 * Parses argv (without node and script) into options, or an error naming the flag and the reason.
 *
 * @example
 * parseAgentArgs(['--control-plane', 'http://127.0.0.1:8787', '--switch', 'core1', '--token', 't', '--target', '127.0.0.1:50051'], {}, 1);
 */
export function parseAgentArgs(argv: string[], env: Record<string, string | undefined>, now: number): { ok: true; options: AgentOptions } | { ok: false; error: string } {
  if (argv.includes('--help') || argv.includes('-h')) return { ok: false, error: 'usage' };
  const flags = new Map<string, string>();
  const booleans = new Set(['--quiet']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) return { ok: false, error: `unexpected argument ${arg}` };
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags.set(arg.slice(0, eq), arg.slice(eq + 1));
    } else if (booleans.has(arg)) {
      flags.set(arg, 'true');
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) return { ok: false, error: `${arg}: needs a value` };
      flags.set(arg, value);
      i++;
    }
  }
  const known = new Set(['--control-plane', '--switch', '--token', '--target', '--fabric', '--p4info', '--device-config', '--device-id',
    '--election-id', '--telemetry-interval', '--wait', '--state-file', '--resync-interval', '--read-back', '--seed', '--quiet']);
  for (const flag of flags.keys()) if (!known.has(flag)) return { ok: false, error: `${flag}: unknown option` };

  const controlPlane = flags.get('--control-plane');
  const switchName = flags.get('--switch');
  const token = flags.get('--token') ?? env.PIGGYCAR_AGENT_TOKEN;
  const target = flags.get('--target');
  if (!controlPlane) return { ok: false, error: '--control-plane: required (e.g. http://127.0.0.1:8787)' };
  if (!/^https?:\/\/[^/]+/.test(controlPlane)) return { ok: false, error: `--control-plane: "${controlPlane}" is not an http(s) URL` };
  if (!switchName) return { ok: false, error: '--switch: required' };
  if (!token) return { ok: false, error: '--token: required (or PIGGYCAR_AGENT_TOKEN)' };
  if (!target) return { ok: false, error: '--target: required (host:port of the switch\'s P4Runtime server)' };
  if (!/^[^:]+:\d+$/.test(target)) return { ok: false, error: `--target: "${target}" is not host:port` };

  function int(flag: string, fallback: number, min: number, max: number): number | string {
    const raw = flags.get(flag);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) return `${flag}: "${raw}" is not an integer in ${min}..${max}`;
    return n;
  }
  const deviceId = int('--device-id', 1, 0, 2 ** 53 - 1);
  const telemetryIntervalMs = int('--telemetry-interval', 1000, 50, 3_600_000);
  const waitSeconds = int('--wait', 30, 0, 60);
  const resyncIntervalMs = int('--resync-interval', 60_000, 0, 86_400_000);
  const seed = flags.has('--seed') ? int('--seed', 0, 0, 2 ** 32 - 1) : undefined;
  for (const v of [deviceId, telemetryIntervalMs, waitSeconds, resyncIntervalMs, seed]) if (typeof v === 'string') return { ok: false, error: v };
  const readBack = flags.get('--read-back') ?? env.PIGGYCAR_AGENT_READ_BACK;
  if (readBack !== undefined && readBack !== 'resync' && readBack !== 'always') {
    return { ok: false, error: `--read-back: "${readBack}" is not resync or always` };
  }
  let electionId: bigint;
  try {
    electionId = BigInt(flags.get('--election-id') ?? now);
    if (electionId <= 0n || electionId >= 2n ** 128n) throw new Error('range');
  } catch {
    return { ok: false, error: `--election-id: "${flags.get('--election-id')}" is not an integer in 1..2^128-1` };
  }
  return {
    ok: true,
    options: {
      controlPlane: controlPlane.replace(/\/+$/, ''),
      switchName,
      token,
      target,
      ...(flags.has('--fabric') ? { fabric: flags.get('--fabric') } : {}),
      ...(flags.has('--p4info') ? { p4infoFile: flags.get('--p4info') } : {}),
      ...(flags.has('--device-config') ? { deviceConfigFile: flags.get('--device-config') } : {}),
      ...(flags.has('--state-file') ? { stateFile: flags.get('--state-file') } : {}),
      deviceId: deviceId as number,
      electionId,
      telemetryIntervalMs: telemetryIntervalMs as number,
      waitSeconds: waitSeconds as number,
      resyncIntervalMs: resyncIntervalMs as number,
      ...(readBack !== undefined ? { readBack } : {}),
      ...(seed !== undefined ? { seed: seed as number } : {}),
      quiet: flags.has('--quiet'),
    },
  };
}
