import type { CompiledBlock, CompiledEntry } from './compiled-classifier';
import { decodeRange, parseQuery } from './head-bytes';
import { testBytes, testString, type StringMatcher } from './string-matcher';

/** Three-valued outcome while the head is still arriving. */
export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;
export type Tri = 0 | 1 | 2;

/**
 * What the evaluator reads of a partly parsed head: byte ranges in `scratch` (method, target,
 * per-slot header values; length -1 = not seen yet) and whether the head has ended (so an unseen
 * header is known to be absent).
 */
export interface HeadView {
  scratch: Uint8Array;
  methodOff: number;
  methodLen: number;
  targetOff: number;
  targetLen: number;
  /** Length of the target up to '?'. */
  pathLen: number;
  slotOff: Int32Array;
  slotLen: Int32Array;
  scheme: string;
  port: number;
  ended: boolean;
  /** Parsed on first use by a query-parameter match. */
  query: Map<string, string> | null;
}

/**
 * An entry's outcome so far: TRUE when some block holds, FALSE when every block fails, else
 * UNKNOWN (a header it needs has not arrived yet).
 *
 * @example
 * evaluateEntry(view, entry) === TRUE; // decide now
 */
export function evaluateEntry(v: HeadView, e: CompiledEntry): Tri {
  const blocks = e.blocks;
  if (blocks.length === 0) return TRUE;
  let unknown = false;
  for (let i = 0; i < blocks.length; i++) {
    const r = evaluateBlock(v, blocks[i]);
    if (r === TRUE) return TRUE;
    if (r === UNKNOWN) unknown = true;
  }
  return unknown ? UNKNOWN : FALSE;
}

function field(v: HeadView, m: StringMatcher, off: number, len: number): boolean {
  if (m.kind === 2) return m.regex!.test(decodeRange(v.scratch, off, len));
  return testBytes(m, v.scratch, off, len);
}

/** AND of a block's conditions; definite failures are checked before reporting UNKNOWN. */
function evaluateBlock(v: HeadView, b: CompiledBlock): Tri {
  if (b.method !== null && !field(v, b.method, v.methodOff, v.methodLen)) return FALSE;
  if (b.uri !== null && !field(v, b.uri, v.targetOff, b.uri.kind === 1 ? v.targetLen : v.pathLen)) return FALSE;
  if (b.scheme !== null && !testString(b.scheme, v.scheme)) return FALSE;
  if (b.authority !== null && !field(v, b.authority, v.slotOff[0], v.slotLen[0])) return FALSE;
  if (b.port !== 0 && b.port !== v.port) return FALSE;
  if (b.query.length > 0) {
    const q = v.query ?? (v.query = parseQuery(decodeRange(v.scratch, v.targetOff, v.targetLen)));
    for (let i = 0; i < b.query.length; i++) {
      const value = q.get(b.query[i].name);
      if (value === undefined || !testString(b.query[i].matcher, value)) return FALSE;
    }
  }
  let unknown = false;
  for (let i = 0; i < b.headers.length; i++) {
    const h = b.headers[i];
    const len = v.slotLen[h.slot];
    if (len < 0) {
      if (v.ended) return FALSE;
      unknown = true;
    } else if (!field(v, h.matcher, v.slotOff[h.slot], len)) {
      return FALSE;
    }
  }
  for (let i = 0; i < b.withoutHeaders.length; i++) {
    const h = b.withoutHeaders[i];
    const len = v.slotLen[h.slot];
    if (len < 0) {
      if (!v.ended) unknown = true;
    } else if (field(v, h.matcher, v.slotOff[h.slot], len)) {
      return FALSE;
    }
  }
  return unknown ? UNKNOWN : TRUE;
}
