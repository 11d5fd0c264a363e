import type { FabricDocument } from './types';
import type { ViolationSink } from './validation-result';

/**
 * Names resolved by the node checks, shared with the link and connectivity checks.
 *
 * @example
 * const t: NodeTable = { index: new Map(), switchCount: 0, nodeCount: 0, access: new Int32Array(0), nodePath: String, ips: new Map() };
 */
export interface NodeTable {
  /** Name → node (switches first, then servers), first occurrence. */
  index: Map<string, number>;
  switchCount: number;
  nodeCount: number;
  /** Per server (0-based among servers): its access switch node, or -1 if invalid. */
  access: Int32Array;
  /** A node's field path (`switches[i]` / `servers[k]`), built only for messages. */
  nodePath: (node: number) => string;
  /** IPv4 value → owner code (see validate.ts). */
  ips: Map<number, number>;
}

/**
 * Link endpoints as nodes (-1 when the name is unknown).
 *
 * @example
 * const { a, b } = resolveLinks(doc, nodes);
 */
export function resolveLinks(doc: FabricDocument, nodes: NodeTable): { a: Int32Array; b: Int32Array } {
  const a = new Int32Array(doc.links.length);
  const b = new Int32Array(doc.links.length);
  for (let i = 0; i < doc.links.length; i++) {
    a[i] = nodes.index.get(doc.links[i].a) ?? -1;
    b[i] = nodes.index.get(doc.links[i].b) ?? -1;
  }
  return { a, b };
}

function nameOf(doc: FabricDocument, switchCount: number, n: number): string {
  return n < switchCount ? doc.switches[n].name : doc.servers[n - switchCount].name;
}

/**
 * Links: endpoints exist, no self-loop, a server only to its own access switch, no access–access or
 * core–core link (paper §III-B), B_max > 0, T_base ≥ 0, no duplicate (unordered) pair.
 *
 * @example
 * checkLinks(doc, nodes, resolveLinks(doc, nodes), sink);
 */
export function checkLinks(doc: FabricDocument, nodes: NodeTable, ends: { a: Int32Array; b: Int32Array }, sink: ViolationSink): void {
  for (let i = 0; i < doc.links.length; i++) {
    const link = doc.links[i];
    const bw = link.bandwidthGbps, lat = link.baseLatencyUs;
    if (!(typeof bw === 'number' && Number.isFinite(bw) && bw > 0)) sink.add(`links[${i}].bandwidthGbps`, 'must be a finite number > 0 (Gbps)');
    if (!(typeof lat === 'number' && Number.isFinite(lat) && lat >= 0)) sink.add(`links[${i}].baseLatencyUs`, 'must be a finite number ≥ 0 (µs)');
    const a = ends.a[i], b = ends.b[i];
    if (a < 0) sink.add(`links[${i}].a`, `no switch or server named '${link.a}'`);
    if (b < 0) sink.add(`links[${i}].b`, `no switch or server named '${link.b}'`);
    if (a < 0 || b < 0) continue;
    if (a === b) {
      sink.add(`links[${i}].b`, `a link cannot join '${link.a}' to itself`);
      continue;
    }
    const rule = closRule(doc, nodes, a, b);
    if (rule !== undefined) sink.add(`links[${i}]`, rule);
  }
  checkDuplicates(doc, nodes, ends, sink);
}

/**
 * Duplicate unordered pairs in linear time: bucket links by their smaller endpoint (counting sort), then
 * mark the larger endpoints seen per bucket with a stamp array.
 */
function checkDuplicates(doc: FabricDocument, nodes: NodeTable, ends: { a: Int32Array; b: Int32Array }, sink: ViolationSink): void {
  const n = nodes.nodeCount, m = ends.a.length;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) {
    const a = ends.a[i], b = ends.b[i];
    if (a >= 0 && b >= 0 && a !== b) start[Math.min(a, b) + 1]++;
  }
  for (let v = 0; v < n; v++) start[v + 1] += start[v];
  const fill = start.slice(0, n);
  const bucket = new Int32Array(start[n]);
  for (let i = 0; i < m; i++) {
    const a = ends.a[i], b = ends.b[i];
    if (a >= 0 && b >= 0 && a !== b) bucket[fill[Math.min(a, b)]++] = i;
  }
  const stamp = new Int32Array(n).fill(-1);
  const firstLink = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    for (let j = start[v]; j < start[v + 1]; j++) {
      const i = bucket[j];
      const other = Math.max(ends.a[i], ends.b[i]);
      if (stamp[other] === v) {
        sink.add(`links[${i}]`, `duplicate of links[${firstLink[other]}] ('${doc.links[i].a}'–'${doc.links[i].b}')`);
      } else {
        stamp[other] = v;
        firstLink[other] = i;
      }
    }
  }
}

/** Why a link between two known, distinct nodes breaks the fabric's wiring rules, if it does. */
function closRule(doc: FabricDocument, nodes: NodeTable, a: number, b: number): string | undefined {
  const { switchCount } = nodes;
  if (a >= switchCount && b >= switchCount) {
    return `links two servers ('${nameOf(doc, switchCount, a)}', '${nameOf(doc, switchCount, b)}'); a server links only to its access switch`;
  }
  if (a >= switchCount || b >= switchCount) {
    const server = a >= switchCount ? a : b;
    const sw = server === a ? b : a;
    if (nodes.access[server - switchCount] === sw) return undefined;
    const own = doc.servers[server - switchCount].accessSwitch;
    if (nodes.index.get(own) === sw) return undefined; // the access switch itself is invalid; reported on the server
    return `server '${nameOf(doc, switchCount, server)}' may link only to its access switch '${own}', not '${nameOf(doc, switchCount, sw)}'`;
  }
  const ra = doc.switches[a].role, rb = doc.switches[b].role;
  if (ra === 'access' && rb === 'access') {
    return `links two access switches ('${doc.switches[a].name}', '${doc.switches[b].name}'): a CLOS fabric has no access–access links`;
  }
  if (ra === 'core' && rb === 'core') {
    return `links two core switches ('${doc.switches[a].name}', '${doc.switches[b].name}'): a CLOS fabric has no core–core links`;
  }
  return undefined;
}

/**
 * Every switch and server reachable from the first node (union–find over the links that resolved).
 * A disconnected server is reported as missing its access link, the only link it may have.
 *
 * @example
 * checkConnected(doc, nodes, ends, sink);
 */
export function checkConnected(doc: FabricDocument, nodes: NodeTable, ends: { a: Int32Array; b: Int32Array }, sink: ViolationSink): void {
  const { nodeCount, switchCount } = nodes;
  if (nodeCount === 0) return;
  const parent = new Int32Array(nodeCount);
  for (let v = 0; v < nodeCount; v++) parent[v] = v;
  function find(v: number): number {
    while (parent[v] !== v) { parent[v] = parent[parent[v]]; v = parent[v]; }
    return v;
  }
  for (let i = 0; i < ends.a.length; i++) {
    const a = ends.a[i], b = ends.b[i];
    if (a < 0 || b < 0) continue;
    const ra = find(a), rb = find(b);
    if (ra !== rb) parent[ra] = rb;
  }
  const root = find(0);
  const rootName = nameOf(doc, switchCount, 0);
  for (let v = 1; v < nodeCount; v++) {
    if (find(v) === root) continue;
    if (v >= switchCount) {
      const server = doc.servers[v - switchCount];
      sink.add(nodes.nodePath(v), `server '${server.name}' is not connected to the fabric (no link to its access switch '${server.accessSwitch}')`);
    } else {
      sink.add(nodes.nodePath(v), `switch '${doc.switches[v].name}' is not connected to '${rootName}'`);
    }
  }
}
