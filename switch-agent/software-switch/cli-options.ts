/**
 * Command-line options of the software switch process, parsed with errors as values naming the flag.
 */
import { DEFAULT_CAPACITIES, type TableCapacities } from './switch-state';

/** A UDP endpoint host:port. */
export interface Endpoint {
  host: string;
  port: number;
}

/** Parsed options. */
export interface SwitchOptions {
  name: string;
  listen: Endpoint;
  /** Port number (1-based) → neighbour's UDP endpoint. */
  ports: Map<number, Endpoint>;
  grpc: Endpoint;
  deviceId: bigint;
  capacities: Partial<TableCapacities>;
  statsFile?: string;
  p4info?: string;
  agingIntervalMs?: number;
}

/** A bad option. */
export interface OptionError {
  ok: false;
  field: string;
  reason: string;
}

function endpoint(text: string, field: string): Endpoint | OptionError {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(text);
  if (!m || Number(m[2]) > 65535) return { ok: false, field, reason: `'${text}' is not an IPv4 host:port` };
  return { host: m[1], port: Number(m[2]) };
}

function isError(v: unknown): v is OptionError {
  return typeof v === 'object' && v !== null && (v as OptionError).ok === false;
}

/**
 * Parses argv (without node/script) into options.
 * @example
 * parseSwitchOptions(['--name', 's1', '--listen', '127.0.1.1:4789', '--ports', '1=127.0.1.2:4789',
 *   '--grpc', '127.0.0.1:0', '--device-id', '1', '--capacity', 'tc_session_table=1000']);
 */
export function parseSwitchOptions(argv: string[]): { ok: true; options: SwitchOptions } | OptionError {
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!flag.startsWith('--')) return { ok: false, field: flag, reason: 'expected a --flag' };
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) return { ok: false, field: flag, reason: 'missing value' };
    flags.set(flag, [...(flags.get(flag) ?? []), value]);
    i++;
  }
  const one = (flag: string): string | undefined => flags.get(flag)?.at(-1);
  const name = one('--name');
  if (!name) return { ok: false, field: '--name', reason: 'required' };
  const listen = endpoint(one('--listen') ?? '', '--listen');
  if (isError(listen)) return listen;
  const grpc = endpoint(one('--grpc') ?? '127.0.0.1:0', '--grpc');
  if (isError(grpc)) return grpc;
  const ports = new Map<number, Endpoint>();
  for (const item of (one('--ports') ?? '').split(',').filter(Boolean)) {
    const [p, ep] = item.split('=');
    const port = Number(p);
    if (!Number.isInteger(port) || port < 1 || port > 254) return { ok: false, field: '--ports', reason: `port '${p}' is not 1..254` };
    const e = endpoint(ep ?? '', '--ports');
    if (isError(e)) return e;
    if (ports.has(port)) return { ok: false, field: '--ports', reason: `port ${port} given twice` };
    ports.set(port, e);
  }
  let deviceId: bigint;
  try {
    deviceId = BigInt(one('--device-id') ?? '1');
  } catch {
    return { ok: false, field: '--device-id', reason: 'not an integer' };
  }
  const capacities: Partial<TableCapacities> = {};
  for (const spec of flags.get('--capacity') ?? []) {
    for (const item of spec.split(',')) {
      const [table, n] = item.split('=');
      if (!(table in DEFAULT_CAPACITIES)) return { ok: false, field: '--capacity', reason: `unknown table '${table}'` };
      const size = Number(n);
      if (!Number.isInteger(size) || size < 1) return { ok: false, field: '--capacity', reason: `${table}: '${n}' is not a positive integer` };
      capacities[table as keyof TableCapacities] = size;
    }
  }
  const aging = one('--aging-interval-ms');
  return {
    ok: true,
    options: {
      name,
      listen,
      ports,
      grpc,
      deviceId,
      capacities,
      statsFile: one('--stats-file'),
      p4info: one('--p4info'),
      agingIntervalMs: aging === undefined ? undefined : Number(aging),
    },
  };
}
