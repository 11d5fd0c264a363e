import type { P4Info } from '../p4info/p4info-types';
import type { P4RuntimeClient } from '../p4runtime/client-types';
import type { AgentOptions } from './args';
import { TABLES } from './table-names';

/**
 * Opens a P4Runtime session as primary and makes sure the switch runs the PiggyCar pipeline: pushed when the
 * switch has none or one without PiggyCar's tables; left alone otherwise (pushing again would wipe live sessions).
 * Throws when the switch is unreachable or another controller with a higher election id is primary.
 *
 * @example
 * await connectSwitch(client, options, p4info, new Uint8Array(), console.log);
 */
export async function connectSwitch(
  client: P4RuntimeClient, options: AgentOptions, p4info: P4Info, deviceConfig: Uint8Array, log: (m: string) => void,
): Promise<void> {
  await withTimeout(client.connect(options.target), 5_000, `connect ${options.target}`);
  const arbitration = await withTimeout(client.becomePrimary(options.deviceId, options.electionId.toString()), 5_000, 'arbitration');
  if (!arbitration.primary) {
    throw new Error(`not primary (code ${arbitration.code}: ${arbitration.message}; primary election id ${arbitration.electionId.high}:${arbitration.electionId.low})`);
  }
  const current = await client.getPipeline().catch(() => undefined);
  const names = new Set((current?.p4info?.tables ?? []).map((t) => t.preamble.name));
  const ours = Object.values(TABLES).every((t) => names.has(t));
  if (!ours) {
    log(current?.p4info ? 'switch runs another pipeline; pushing PiggyCar\'s' : 'switch has no pipeline; pushing PiggyCar\'s');
    await client.setPipeline(p4info, deviceConfig);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>(function expire(_, reject) {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
