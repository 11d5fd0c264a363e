import { isDnsLabel, isDnsSubdomain } from './dns-name';
import { parseIpv4 } from './ipv4';
import type { FabricDocument } from './types';
import { type FabricValidation, type ValidateOptions, ViolationSink } from './validation-result';
import { checkConnected, checkLinks, type NodeTable, resolveLinks } from './validate-links';

export type { FabricValidation, FabricViolation, ValidateOptions } from './validation-result';
export { ViolationSink } from './validation-result';

const ROLES = new Set(['access', 'aggregation', 'core']);
const KINDS = new Set(['mesh', 'gateway']);
const NAME_REASON = "must be an RFC 1123 subdomain name (lowercase alphanumerics, '-', '.')";
const LABEL_REASON = "must be an RFC 1123 label (lowercase alphanumerics and '-', at most 63 characters)";

/**
 * Checks the semantic rules of a fabric (field shapes are the zod schema's job, though names, IPs and
 * numbers are re-checked here so a document from anywhere can be validated): unique switch/server names
 * and per-namespace pod names; unique IPs across switch VTEPs, server VTEPs and pod IPs; servers on
 * existing access switches; pods on existing servers; 0 < M_n, T_SRAM ≤ M_n; links only between existing
 * switches or a server and its own access switch, never access–access or core–core (the paper's CLOS rule,
 * §III-B), B_max > 0, T_base ≥ 0, no duplicates; every switch and server connected. Linear time; field
 * paths are only built for violations.
 *
 * @example
 * validateFabric(testbedFabric()); // { ok: true }
 * validateFabric({ ...doc, links: [{ a: 'access1', b: 'access2', bandwidthGbps: 100, baseLatencyUs: 1 }] });
 * // { ok: false, errors: [{ path: 'links[0]', reason: "links two access switches ('access1', 'access2'): ..." }, ...] }
 */
export function validateFabric(doc: FabricDocument, options: ValidateOptions = {}): FabricValidation {
  const sink = new ViolationSink(options.maxErrors ?? 100);
  if (typeof doc.name !== 'string' || !isDnsLabel(doc.name)) sink.add('name', LABEL_REASON);
  const nodes = checkNodes(doc, sink);
  checkPods(doc, nodes, sink);
  const ends = resolveLinks(doc, nodes);
  checkLinks(doc, nodes, ends, sink);
  checkConnected(doc, nodes, ends, sink);
  return sink.result();
}

/** Owner codes of IPs: switches [0, S), servers [S, S + V), pods from S + V. */
function ownerPath(doc: FabricDocument, owner: number): string {
  const s = doc.switches.length, v = doc.servers.length;
  if (owner < s) return `switches[${owner}].vtepIp`;
  if (owner < s + v) return `servers[${owner - s}].vtepIp`;
  return `pods[${owner - s - v}].ip`;
}

/** Claims an IP for an owner; reports a malformed or already-claimed address. */
function claimIp(doc: FabricDocument, ips: Map<number, number>, ip: unknown, owner: number, sink: ViolationSink): void {
  const value = typeof ip === 'string' ? parseIpv4(ip) : undefined;
  if (value === undefined) {
    sink.add(ownerPath(doc, owner), 'must be a dotted-quad IPv4 address such as 10.0.0.1');
    return;
  }
  const prior = ips.get(value);
  if (prior !== undefined) sink.add(ownerPath(doc, owner), `IP ${ip} is already used by ${ownerPath(doc, prior)}`);
  else ips.set(value, owner);
}

/** Switches and servers: names, roles, IPs, SRAM; builds the node table links and pods resolve against. */
function checkNodes(doc: FabricDocument, sink: ViolationSink): NodeTable {
  const index = new Map<string, number>();
  const ips = new Map<number, number>();
  const switchCount = doc.switches.length;
  const nodeCount = switchCount + doc.servers.length;
  const nodePath = function nodePath(n: number): string {
    return n < switchCount ? `switches[${n}]` : `servers[${n - switchCount}]`;
  };
  function claimName(name: unknown, node: number): void {
    if (typeof name !== 'string' || !isDnsSubdomain(name)) {
      sink.add(`${nodePath(node)}.name`, NAME_REASON);
      return;
    }
    const prior = index.get(name);
    if (prior !== undefined) sink.add(`${nodePath(node)}.name`, `duplicate name '${name}' (also ${nodePath(prior)})`);
    else index.set(name, node);
  }

  for (let i = 0; i < switchCount; i++) {
    const sw = doc.switches[i];
    claimName(sw.name, i);
    if (!ROLES.has(sw.role)) sink.add(`switches[${i}].role`, "must be 'access', 'aggregation' or 'core'");
    claimIp(doc, ips, sw.vtepIp, i, sink);
    const capacityOk = Number.isInteger(sw.sramCapacity) && sw.sramCapacity > 0;
    if (!capacityOk) sink.add(`switches[${i}].sramCapacity`, 'must be an integer > 0 (session entries)');
    if (!Number.isInteger(sw.sramThreshold) || sw.sramThreshold < 0) {
      sink.add(`switches[${i}].sramThreshold`, 'must be an integer ≥ 0 (session entries)');
    } else if (capacityOk && sw.sramThreshold > sw.sramCapacity) {
      sink.add(`switches[${i}].sramThreshold`, `must be ≤ sramCapacity (${sw.sramThreshold} > ${sw.sramCapacity})`);
    }
  }
  for (let k = 0; k < doc.servers.length; k++) {
    const server = doc.servers[k];
    claimName(server.name, switchCount + k);
    claimIp(doc, ips, server.vtepIp, switchCount + k, sink);
    if (server.kind !== undefined && !KINDS.has(server.kind)) sink.add(`servers[${k}].kind`, "must be 'mesh' or 'gateway'");
  }

  const access = new Int32Array(doc.servers.length).fill(-1);
  for (let k = 0; k < doc.servers.length; k++) {
    const name = doc.servers[k].accessSwitch;
    const sw = index.get(name);
    const at = `servers[${k}].accessSwitch`;
    if (sw === undefined) sink.add(at, `no switch named '${name}'`);
    else if (sw >= switchCount) sink.add(at, `'${name}' is a server, not a switch`);
    else if (doc.switches[sw].role !== 'access') {
      sink.add(at, `switch '${name}' has role ${doc.switches[sw].role}; a server attaches to an access switch`);
    } else access[k] = sw;
  }
  return { index, switchCount, nodeCount, access, nodePath, ips };
}

function checkPods(doc: FabricDocument, nodes: NodeTable, sink: ViolationSink): void {
  const seen = new Map<string, number>();
  const ownerBase = nodes.nodeCount;
  for (let i = 0; i < doc.pods.length; i++) {
    const pod = doc.pods[i];
    if (typeof pod.namespace !== 'string' || !isDnsLabel(pod.namespace)) sink.add(`pods[${i}].namespace`, LABEL_REASON);
    if (typeof pod.name !== 'string' || !isDnsSubdomain(pod.name)) {
      sink.add(`pods[${i}].name`, NAME_REASON);
    } else {
      const key = `${pod.namespace}/${pod.name}`;
      const prior = seen.get(key);
      if (prior !== undefined) sink.add(`pods[${i}].name`, `duplicate pod '${key}' (also pods[${prior}])`);
      else seen.set(key, i);
    }
    claimIp(doc, nodes.ips, pod.ip, ownerBase + i, sink);
    const server = nodes.index.get(pod.server);
    if (server === undefined) sink.add(`pods[${i}].server`, `no server named '${pod.server}'`);
    else if (server < nodes.switchCount) sink.add(`pods[${i}].server`, `'${pod.server}' is a switch, not a server`);
    const labels: unknown = pod.labels;
    if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
      sink.add(`pods[${i}].labels`, 'must be an object of string values');
    } else {
      for (const key of Object.keys(labels)) {
        if (typeof (labels as Record<string, unknown>)[key] !== 'string') sink.add(`pods[${i}].labels.${key}`, 'must be a string');
      }
    }
  }
}
