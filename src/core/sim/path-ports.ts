import type { FabricGraph } from '../fabric/fabric-graph';

/** Entries kept before the cache starts over (bounds memory on a k = 90 fat-tree). */
const MAX_CACHED_PATHS = 200_000;

/**
 * Directed port sequences of paths, cached: port = 2 · link + 0 when the link is crossed from its `a` end,
 * + 1 from its `b` end. A path through `via` is p(from, via) followed by p(via, to).
 *
 * @example
 * const pp = new PathPorts(graph);
 * pp.ports(graph.indexOf('server1')!, -1, graph.indexOf('server4')!); // Int32Array of 4 ports
 */
export class PathPorts {
  private readonly cache = new Map<number, Int32Array>();

  constructor(private readonly graph: FabricGraph) {}

  ports(from: number, via: number, to: number): Int32Array {
    if (via < 0 || via === from || via === to) return this.leg(from, to);
    return concat(this.leg(from, via), this.leg(via, to));
  }

  private leg(from: number, to: number): Int32Array {
    if (from === to) return new Int32Array(0);
    // A server with a single link reaches everything through its access switch, so p(s, t) = s → access + p(access, t)
    // (and the contract's tie-break agrees: every candidate starts with the same two names). Caching the
    // switch-level remainder lets ~89,000 servers on a k = 90 fat-tree share a few thousand cached legs.
    const first = this.soleLink(from);
    if (first !== undefined && first.node !== to) return concat(Int32Array.of(first.port), this.leg(first.node, to));
    const last = this.soleLink(to);
    if (last !== undefined && last.node !== from) return concat(this.leg(from, last.node), Int32Array.of(last.reversePort));
    const key = from * this.graph.nodeCount + to;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const path = this.graph.path(from, to);
    const out = new Int32Array(path.links.length);
    for (let k = 0; k < path.links.length; k++) {
      const l = path.links[k];
      out[k] = 2 * l + (this.graph.link(l).a === path.nodes[k] ? 0 : 1);
    }
    if (this.cache.size >= MAX_CACHED_PATHS) this.cache.clear();
    this.cache.set(key, out);
    return out;
  }

  /** For a server with exactly one link: its neighbour, the port toward it and the port back. */
  private soleLink(node: number): { node: number; port: number; reversePort: number } | undefined {
    if (this.graph.isSwitch(node)) return undefined;
    const nb = this.graph.neighbours(node);
    if (nb.length !== 1) return undefined;
    const l = nb[0].link;
    const port = 2 * l + (this.graph.link(l).a === node ? 0 : 1);
    return { node: nb[0].node, port, reversePort: port ^ 1 };
  }
}

function concat(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
