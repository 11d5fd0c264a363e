import type { FabricDocument, FabricPod } from '../fabric/types';
import type { IstioResult } from './istio-issue';
import type { DeploymentObject } from './istio-types';

/** Label PiggyCar puts on pods it placed for a Deployment (value: the Deployment's name). */
export const DEPLOYMENT_LABEL = 'piggycar.io/deployment';

/** Pod addresses are drawn from 10.244.0.0/14 (Kubernetes' usual pod CIDR), lowest free first. */
const POD_CIDR_BASE = (10 << 24) | (244 << 16);
const POD_CIDR_SIZE = 1 << 18;

/**
 * Places the replicas of every Deployment as pods on the fabric's mesh servers (for demos and
 * tests; real clusters report pods through the fabric API). Deterministic: pod i of Deployment d
 * is `d-i`; a pod that already exists keeps its server and IP (re-applying changes nothing); new
 * pods go to the least-loaded mesh server (ties: document order) and get the lowest free address
 * in 10.244.0.0/14. Pods of Deployments no longer in the set, and replicas above the count, are
 * removed. Pods not placed by PiggyCar are left alone. Returns the fabric's complete new pod list.
 *
 * @example
 * const r = placeDeploymentPods(fabric, [reviewsV1]);
 * // r.ok && r.value.find((p) => p.name === 'reviews-v1-0')?.labels → { app: 'reviews', version: 'v1', 'piggycar.io/deployment': 'reviews-v1' }
 */
export function placeDeploymentPods(fabric: FabricDocument, deployments: readonly DeploymentObject[]): IstioResult<FabricPod[]> {
  const wanted = new Map(deployments.map((d) => [`${d.metadata.namespace}/${d.metadata.name}`, d]));
  const kept: FabricPod[] = [];
  const existing = new Map<string, FabricPod>();
  for (const p of fabric.pods) {
    const owner = p.labels[DEPLOYMENT_LABEL];
    if (owner === undefined) {
      kept.push(p);
      continue;
    }
    existing.set(`${p.namespace}/${p.name}`, p);
  }
  const mesh = fabric.servers.filter((s) => (s.kind ?? 'mesh') === 'mesh');
  const load = new Map<string, number>(mesh.map((s) => [s.name, 0]));
  const used = new Set<number>();
  for (const s of fabric.servers) used.add(ipToInt(s.vtepIp));
  for (const s of fabric.switches) used.add(ipToInt(s.vtepIp));
  const result: FabricPod[] = [...kept];
  const names = new Set(kept.map((p) => `${p.namespace}/${p.name}`));
  const placed: FabricPod[] = [];
  const missing: { d: DeploymentObject; name: string }[] = [];
  const ordered = [...wanted.keys()].sort();
  for (const key of ordered) {
    const d = wanted.get(key)!;
    for (let i = 0; i < d.spec.replicas; i++) {
      const name = `${d.metadata.name}-${i}`;
      const prev = existing.get(`${d.metadata.namespace}/${name}`);
      if (names.has(`${d.metadata.namespace}/${name}`)) {
        return { ok: false, errors: [{ path: 'metadata.name', message: `pod ${name} of Deployment ${key} collides with an existing pod in namespace ${d.metadata.namespace}` }] };
      }
      names.add(`${d.metadata.namespace}/${name}`);
      if (prev && prev.labels[DEPLOYMENT_LABEL] === d.metadata.name && load.has(prev.server)) {
        placed.push({ ...prev, labels: { ...d.spec.podLabels, [DEPLOYMENT_LABEL]: d.metadata.name } });
      } else {
        missing.push({ d, name });
      }
    }
  }
  for (const p of [...kept, ...placed]) {
    used.add(ipToInt(p.ip));
    if (load.has(p.server)) load.set(p.server, load.get(p.server)! + 1);
  }
  if (missing.length > 0 && mesh.length === 0) {
    return { ok: false, errors: [{ path: 'spec.replicas', message: 'the fabric has no mesh servers to place Deployment pods on' }] };
  }
  const heap = new ServerHeap(mesh.map((s, i) => ({ name: s.name, index: i, load: load.get(s.name)! })));
  let nextIp = 0;
  for (const { d, name } of missing) {
    while (nextIp < POD_CIDR_SIZE && (used.has(POD_CIDR_BASE + nextIp) || isEdgeAddress(nextIp))) nextIp++;
    if (nextIp >= POD_CIDR_SIZE) {
      return { ok: false, errors: [{ path: 'spec.replicas', message: 'pod address range 10.244.0.0/14 is exhausted' }] };
    }
    const ip = POD_CIDR_BASE + nextIp;
    used.add(ip);
    const server = heap.takeLeastLoaded();
    placed.push({
      name,
      namespace: d.metadata.namespace,
      ip: intToIp(ip),
      server,
      labels: { ...d.spec.podLabels, [DEPLOYMENT_LABEL]: d.metadata.name },
    });
  }
  result.push(...placed);
  return { ok: true, value: result };
}

/** Skips .0 and .255 host bytes, which read like network / broadcast addresses. */
function isEdgeAddress(offset: number): boolean {
  const low = offset & 0xff;
  return low === 0 || low === 255;
}

function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

function intToIp(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Min-heap of servers by (load, document index): spreads pods evenly and deterministically. */
class ServerHeap {
  private readonly items: { name: string; index: number; load: number }[];

  constructor(items: { name: string; index: number; load: number }[]) {
    this.items = [];
    for (const it of items) this.push(it);
  }

  takeLeastLoaded(): string {
    const top = this.items[0];
    top.load++;
    this.siftDown(0);
    return top.name;
  }

  private less(a: number, b: number): boolean {
    const x = this.items[a];
    const y = this.items[b];
    return x.load < y.load || (x.load === y.load && x.index < y.index);
  }

  private push(it: { name: string; index: number; load: number }): void {
    this.items.push(it);
    let i = this.items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      [this.items[i], this.items[parent]] = [this.items[parent], this.items[i]];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) return;
      [this.items[i], this.items[m]] = [this.items[m], this.items[i]];
      i = m;
    }
  }
}
