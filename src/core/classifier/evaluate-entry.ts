import type { CompiledBlock, CompiledEntry } from './compiled-classifier';
import { decodeRange, parseQuery } from './head-bytes';
import { mayMatchRegex, testBytes, testString, type StringMatcher } from './string-matcher';

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
  /** The last range decoded for a regex (textLen -1 = none): several regexes on one path decode it once. */
  textOff: number;
  textLen: number;
  text: string;
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
  if (m.kind !== 2) return testBytes(m, v.scratch, off, len);
  if (!mayMatchRegex(m, v.scratch, off, len)) return false;
  if (v.textOff !== off || v.textLen !== len) {
    v.text = decodeRange(v.scratch, off, len);
    v.textOff = off;
    v.textLen = len;
  }
  return m.regex!.test(v.text);
}

/** AND of a block's conditions; definite failures are checked before reporting UNKNOWN. */
function evaluateBlock(v: HeadView, b: CompiledBlock): Tri {
  if (b.method !== null && !field(v, b.method, v.methodOff, v.methodLen)) return FALSE;
  if (b.uri !== null && !field(v, b.uri, v.targetOff, b.uri.kind === 1 ? v.targetLen : v.pathLen)) return FALSE;
  // The rarer conditions live in their own functions so this one stays small enough to be inlined.
  if (b.hasOther && !otherConditionsHold(v, b)) return FALSE;
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
  if (b.withoutHeaders.length > 0) {
    const r = withoutHeaders(v, b);
    if (r === FALSE) return FALSE;
    if (r === UNKNOWN) unknown = true;
  }
  return unknown ? UNKNOWN : TRUE;
}

/** scheme, authority, port and query parameters: known from the request line and Host alone. */
function otherConditionsHold(v: HeadView, b: CompiledBlock): boolean {
  if (b.scheme !== null && !testString(b.scheme, v.scheme)) return false;
  if (b.authority !== null && !field(v, b.authority, v.slotOff[0], v.slotLen[0])) return false;
  if (b.port !== 0 && b.port !== v.port) return false;
  if (b.query.length > 0) {
    const q = v.query ?? (v.query = parseQuery(decodeRange(v.scratch, v.targetOff, v.targetLen)));
    for (let i = 0; i < b.query.length; i++) {
      const value = q.get(b.query[i].name);
      if (value === undefined || !testString(b.query[i].matcher, value)) return false;
    }
  }
  return true;
}

function withoutHeaders(v: HeadView, b: CompiledBlock): Tri {
  let unknown = false;
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
