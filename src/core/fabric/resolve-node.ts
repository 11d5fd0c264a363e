import type { FabricGraph } from './fabric-graph';
import type { FabricPod } from './types';

/**
 * What a name resolved to: the graph node where its traffic enters the fabric.
 *
 * @example
 * const r: ResolvedNode | ResolveFailure = resolveFabricNode(g, 'server1');
 */
export type ResolvedNode =
  | { ok: true; node: number; kind: 'switch' | 'server' }
  | { ok: true; node: number; kind: 'pod'; pod: FabricPod };

/**
 * Why a name did not resolve.
 *
 * @example
 * const f: ResolveFailure = { ok: false, reason: "no switch, server or pod named 'x'" };
 */
export type ResolveFailure = { ok: false; reason: string };

const podIndexes = new WeakMap<FabricGraph, Map<string, FabricPod[]>>();

/** Pods by bare name (a name may repeat across namespaces), built once per graph. */
function podsByName(graph: FabricGraph): Map<string, FabricPod[]> {
  let byName = podIndexes.get(graph);
  if (byName === undefined) {
    byName = new Map();
    for (const pod of graph.doc.pods) {
      const list = byName.get(pod.name);
      if (list === undefined) byName.set(pod.name, [pod]);
      else list.push(pod);
    }
    podIndexes.set(graph, byName);
  }
  return byName;
}

/**
 * Resolves a switch, server or pod name to its graph node; a pod resolves to its server (pods are
 * not nodes: a pod's traffic enters the fabric at its server). A reference containing `/` is a pod
 * as `namespace/name`; a bare name is a switch or server first, else a pod whose name is unique across
 * namespaces. Errors come back as values with a reason fit for an API response.
 *
 * @example
 * resolveFabricNode(g, 'server1');           // { ok: true, node: 4, kind: 'server' }
 * resolveFabricNode(g, 'default/productpage'); // { ok: true, node: 5, kind: 'pod', pod }
 * resolveFabricNode(g, 'nope');              // { ok: false, reason: "no switch, server or pod named 'nope'" }
 */
export function resolveFabricNode(graph: FabricGraph, ref: string): ResolvedNode | ResolveFailure {
  const slash = ref.indexOf('/');
  if (slash < 0) {
    const node = graph.indexOf(ref);
    if (node !== undefined) return { ok: true, node, kind: graph.isSwitch(node) ? 'switch' : 'server' };
  }
  const namespace = slash < 0 ? undefined : ref.slice(0, slash);
  const name = slash < 0 ? ref : ref.slice(slash + 1);
  const candidates = (podsByName(graph).get(name) ?? []).filter(
    function inNamespace(pod) { return namespace === undefined || pod.namespace === namespace; },
  );
  if (candidates.length === 0) {
    return { ok: false, reason: slash < 0 ? `no switch, server or pod named '${ref}'` : `no pod '${name}' in namespace '${namespace}'` };
  }
  if (candidates.length > 1) {
    const spaces = candidates.map(function ns(pod) { return pod.namespace; }).sort().join(', ');
    return { ok: false, reason: `pod name '${name}' exists in several namespaces (${spaces}); use namespace/name` };
  }
  const pod = candidates[0];
  const node = graph.indexOf(pod.server);
  if (node === undefined || graph.isSwitch(node)) {
    return { ok: false, reason: `pod '${pod.namespace}/${pod.name}' is on unknown server '${pod.server}'` };
  }
  return { ok: true, node, kind: 'pod', pod };
}
