/**
 * One violation of a fabric rule: where (a field path like `switches[3].vtepIp`) and why.
 *
 * @example
 * const v: FabricViolation = { path: 'switches[3].vtepIp', reason: 'IP 10.0.0.1 is already used by switches[0].vtepIp' };
 */
export interface FabricViolation {
  path: string;
  reason: string;
}

/**
 * Outcome of `validateFabric`: ok, or every violation found (up to a cap) with its field path.
 *
 * @example
 * const r: FabricValidation = { ok: false, errors: [{ path: 'links[0].a', reason: "no switch or server named 'x'" }] };
 */
export type FabricValidation = { ok: true } | { ok: false; errors: FabricViolation[] };

/**
 * Knobs of `validateFabric`.
 *
 * @example
 * validateFabric(doc, { maxErrors: 20 } satisfies ValidateOptions);
 */
export interface ValidateOptions {
  /** Stop collecting after this many violations (a summary entry follows). Default 100. */
  maxErrors?: number;
}

/**
 * Collects violations up to a cap and counts the ones dropped (reported as one summary entry).
 *
 * @example
 * const sink = new ViolationSink(10); sink.add('name', 'empty');
 */
export class ViolationSink {
  readonly errors: FabricViolation[] = [];
  private dropped = 0;
  constructor(private readonly max: number) {}
  add(path: string, reason: string): void {
    if (this.errors.length < this.max) this.errors.push({ path, reason });
    else this.dropped++;
  }
  result(): FabricValidation {
    if (this.errors.length === 0) return { ok: true };
    const errors = this.errors.slice();
    if (this.dropped > 0) errors.push({ path: '', reason: `${this.dropped} more violation(s) not shown` });
    return { ok: false, errors };
  }
}
