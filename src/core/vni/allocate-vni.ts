import { DEFAULT_VNI_OPTIONS, MAX_VNI, type RandomBytes, type VniOptions, type VniState } from './vni-types';

/** Either a VNI or why none could be drawn. */
export type VniResult = { ok: true; vni: number } | { ok: false; reason: string };

/**
 * Draws one random 24-bit VNI from the cryptographic byte source, rejecting the reserved low
 * range and any VNI for which `taken` is true. Uniform over the allowed range (rejection sampling).
 *
 * @example
 * const r = drawVni((v) => used.has(v), (n) => crypto.getRandomValues(new Uint8Array(n)));
 * // r.ok && r.vni >= 4096 && r.vni <= 0xffffff
 */
export function drawVni(taken: (vni: number) => boolean, randomBytes: RandomBytes, options: VniOptions = DEFAULT_VNI_OPTIONS): VniResult {
  for (let attempt = 0; attempt < options.maxAttempts; attempt++) {
    const b = randomBytes(3);
    if (b.length < 3) return { ok: false, reason: 'random byte source returned fewer than 3 bytes' };
    const vni = (b[0] << 16) | (b[1] << 8) | b[2];
    if (vni < options.reservedBelow || vni > MAX_VNI) continue;
    if (taken(vni)) continue;
    return { ok: true, vni };
  }
  return { ok: false, reason: `no free VNI after ${options.maxAttempts} random draws (the fabric's VNI space is nearly exhausted)` };
}

/** The outcome of assigning VNIs to a fabric's rule set. */
export type AssignVnisResult =
  | { ok: true; vnis: Map<string, number>; state: VniState; allocated: string[]; released: number[] }
  | { ok: false; reason: string };

/**
 * Gives every rule id a VNI: an id that already holds one keeps it (stable across re-applies);
 * ids no longer present release theirs (into the cool-down, at `now`); new ids draw fresh random
 * VNIs that are unique in the fabric and not released within the cool-down. Returns the new state;
 * the input state is not modified.
 *
 * @example
 * const r = assignVnis(['default/reviews/http/0'], { inUse: new Map(), released: [] }, Date.now(), randomBytes);
 * // r.ok && r.vnis.get('default/reviews/http/0') is a 24-bit VNI ≥ 4096
 */
export function assignVnis(
  ruleIds: readonly string[],
  state: VniState,
  now: number,
  randomBytes: RandomBytes,
  options: VniOptions = DEFAULT_VNI_OPTIONS,
  extraInUse: ReadonlySet<number> = new Set(),
): AssignVnisResult {
  const wanted = new Set(ruleIds);
  const inUse = new Map<string, number>();
  const releasedNow: number[] = [];
  for (const [id, vni] of state.inUse) {
    if (wanted.has(id)) inUse.set(id, vni);
    else releasedNow.push(vni);
  }
  const released = [
    ...state.released.filter((r) => now - r.releasedAt < options.coolDownMs),
    ...releasedNow.map((vni) => ({ vni, releasedAt: now })),
  ];
  const taken = new Set<number>([...inUse.values(), ...released.map((r) => r.vni), ...extraInUse]);
  const allocated: string[] = [];
  for (const id of ruleIds) {
    if (inUse.has(id)) continue;
    const r = drawVni((v) => taken.has(v), randomBytes, options);
    if (!r.ok) return r;
    taken.add(r.vni);
    inUse.set(id, r.vni);
    allocated.push(id);
  }
  return { ok: true, vnis: inUse, state: { inUse, released }, allocated, released: releasedNow };
}
