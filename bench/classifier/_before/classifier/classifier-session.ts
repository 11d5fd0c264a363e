import { hashBytes, PATH_KEY, wildcardGroup } from './compile-classifier';
import type {
  CompiledBlock, CompiledClassifier, CompiledEntry, Decision, HostGroup, MalformedDecision, NoMatchDecision,
} from './compiled-classifier';
import { evaluateEntry, TRUE, UNKNOWN, type HeadView } from './evaluate-entry';
import { decodeRange, sameRange } from './head-bytes';

/** What the proxy knows about the connection before any byte arrives. */
export interface ConnectionContext {
  /** Destination (service) port; `port` matches compare against it. Default: the Host header's port, else 80. */
  port?: number;
  /** Default 'http'. */
  scheme?: string;
}

const NO_MATCH: NoMatchDecision = { kind: 'no-match' };
const EMPTY_GROUP: HostGroup = { segments: [], needsQuery: false };

/**
 * The paper's concurrent parse-and-match: feed an HTTP/1.1 request head as it arrives; the
 * session parses line by line and evaluates the compiled entries after each field it needs,
 * returning a decision as soon as the first matching entry is certain (often before the head
 * ends), `undefined` while it needs more bytes. Bytes may be split anywhere.
 *
 * Only what some entry needs is kept: the method, the target, the Host and the headers that have
 * slots are copied (as bytes) into the session's scratch buffer; exact and prefix matches compare
 * bytes, so no string is built unless a regex or a query parameter needs one. A header's first
 * occurrence is its value.
 *
 * @example
 * const s = new ClassifierSession(compiled, { port: 9080 });
 * s.push(enc.encode('GET /reviews/0 HTTP/1.1\r\nHost: rev'));         // undefined
 * s.push(enc.encode('iews:9080\r\nend-user: jason\r\n'));           // { kind: 'match', vni: …, ruleId: 'default/reviews/http/0' }
 */
export class ClassifierSession implements HeadView {
  private readonly c: CompiledClassifier;

  /* HeadView fields (public for evaluateEntry; callers should only use push / finish / reset / result). */
  readonly slotOff: Int32Array;
  readonly slotLen: Int32Array;
  private ctxPort = 0;
  scheme = 'http';
  private buf: Uint8Array = new Uint8Array(0);
  private bufStart = 0;
  private bufEnd = 0;
  private scanFrom = 0;
  private consumed = 0;
  scratch: Uint8Array = new Uint8Array(512);
  private scratchLen = 0;
  private phase = 0;
  ended = false;
  methodOff = 0;
  methodLen = 0;
  targetOff = 0;
  targetLen = 0;
  pathLen = 0;
  query: Map<string, string> | null = null;
  port = 80;
  private group: HostGroup | null = null;
  private segIndex = 0;
  private decision: Decision | null = null;

  constructor(compiled: CompiledClassifier, ctx: ConnectionContext = {}) {
    this.c = compiled;
    this.slotOff = new Int32Array(compiled.headerNames.length);
    this.slotLen = new Int32Array(compiled.headerNames.length);
    this.reset(ctx);
  }

  /** Starts a new request head on the same session (reuses its buffers). */
  reset(ctx: ConnectionContext = {}): void {
    this.ctxPort = ctx.port ?? 0;
    this.scheme = ctx.scheme ?? 'http';
    this.bufStart = 0;
    this.bufEnd = 0;
    this.scanFrom = 0;
    this.consumed = 0;
    this.scratchLen = 0;
    this.phase = 0;
    this.ended = false;
    this.query = null;
    this.port = 80;
    this.group = null;
    this.segIndex = 0;
    this.decision = null;
    this.slotLen.fill(-1);
  }

  /** The decision once made, else null. */
  get result(): Decision | null {
    return this.decision;
  }

  /** Feeds the next bytes; returns the decision once it is certain, else undefined. */
  push(chunk: Uint8Array): Decision | undefined {
    if (this.decision) return this.decision;
    if (this.bufEnd === this.bufStart) {
      const n = this.lines(chunk, 0, chunk.length, 0);
      if (this.decision) return this.decision;
      this.consumed += n;
      this.keep(chunk, n, chunk.length);
    } else {
      this.append(chunk);
      const before = this.bufStart;
      const n = this.lines(this.buf, this.bufStart, this.bufEnd, this.scanFrom);
      if (this.decision) return this.decision;
      this.consumed += n - before;
      this.bufStart = n;
      this.scanFrom = this.bufEnd;
      if (this.bufStart === this.bufEnd) {
        this.bufStart = 0;
        this.bufEnd = 0;
        this.scanFrom = 0;
      }
    }
    if (this.consumed + (this.bufEnd - this.bufStart) > this.c.maxHeadBytes) {
      return this.fail(`request head is larger than ${this.c.maxHeadBytes} bytes`);
    }
    return undefined;
  }

  /** The stream ended: a head that never completed is malformed. */
  finish(): Decision {
    if (this.decision) return this.decision;
    return this.fail('request head ended before the blank line');
  }

  private fail(reason: string): MalformedDecision {
    const d: MalformedDecision = { kind: 'malformed', reason };
    this.decision = d;
    return d;
  }

  /** Keeps an incomplete line's bytes for the next push. */
  private keep(chunk: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (n === 0) return;
    if (this.buf.length < n) this.buf = new Uint8Array(Math.max(256, n * 2));
    this.buf.set(chunk.subarray(from, to), 0);
    this.bufStart = 0;
    this.bufEnd = n;
    this.scanFrom = n;
  }

  private append(chunk: Uint8Array): void {
    const live = this.bufEnd - this.bufStart;
    if (this.bufEnd + chunk.length > this.buf.length) {
      const next = new Uint8Array(Math.max(256, (live + chunk.length) * 2));
      next.set(this.buf.subarray(this.bufStart, this.bufEnd), 0);
      this.scanFrom -= this.bufStart;
      this.buf = next;
      this.bufStart = 0;
      this.bufEnd = live;
    }
    this.buf.set(chunk, this.bufEnd);
    this.bufEnd += chunk.length;
  }

  /** Copies bytes[from, to) into the scratch buffer; returns their offset there. */
  private save(bytes: Uint8Array, from: number, to: number): number {
    const n = to - from;
    const off = this.scratchLen;
    if (off + n > this.scratch.length) {
      const next = new Uint8Array(Math.max(this.scratch.length * 2, off + n));
      next.set(this.scratch.subarray(0, off), 0);
      this.scratch = next;
    }
    const s = this.scratch;
    for (let i = 0; i < n; i++) s[off + i] = bytes[from + i];
    this.scratchLen = off + n;
    return off;
  }

  /** Handles every complete line in [start, end); returns where the unfinished line starts. */
  private lines(bytes: Uint8Array, start: number, end: number, scanFrom: number): number {
    let from = scanFrom > start ? scanFrom : start;
    while (this.decision === null) {
      // One pass finds the line end and (for header lines) the first colon. A plain loop:
      // TypedArray.prototype.indexOf costs more per call than the bytes it saves.
      let colon = -1;
      let lf = start;
      while (lf < from) {
        if (bytes[lf] === 58) {
          colon = lf;
          break;
        }
        lf++;
      }
      lf = from;
      if (colon < 0) {
        while (lf < end) {
          const b = bytes[lf];
          if (b === 10) break;
          if (b === 58) {
            colon = lf++;
            break;
          }
          lf++;
        }
      }
      while (lf < end && bytes[lf] !== 10) lf++;
      if (lf === end) return start;
      const lineEnd = lf > start && bytes[lf - 1] === 13 ? lf - 1 : lf;
      if (this.phase === 0) this.requestLine(bytes, start, lineEnd);
      else if (lineEnd === start) this.endOfHead();
      else this.headerLine(bytes, start, lineEnd, colon);
      start = lf + 1;
      from = start;
    }
    return start;
  }

  private requestLine(bytes: Uint8Array, start: number, end: number): void {
    if (end === start) return; // RFC 9112 §2.2: ignore a blank line before the request line
    let sp1 = start;
    while (sp1 < end && bytes[sp1] !== 32) sp1++;
    let sp2 = sp1 + 1;
    while (sp2 < end && bytes[sp2] !== 32) sp2++;
    if (sp1 <= start || sp1 >= end || sp2 >= end || sp2 === sp1 + 1 || end - sp2 !== 9
      || bytes[sp2 + 1] !== 72 || bytes[sp2 + 5] !== 47 || bytes[sp2 + 6] !== 49 || bytes[sp2 + 7] !== 46) {
      this.fail('malformed request line (expected METHOD SP target SP HTTP/1.x)');
      return;
    }
    this.methodOff = this.save(bytes, start, sp1);
    this.methodLen = sp1 - start;
    let t = sp1 + 1;
    if (bytes[t] !== 47 && bytes[t] !== 42) {
      // absolute-form (http://host/path): match on the path, as for origin-form
      let slashes = 0;
      while (t < sp2 && slashes < 3) if (bytes[t++] === 47) slashes++;
      if (slashes === 3) t--;
    }
    this.targetOff = this.save(bytes, t, sp2);
    this.targetLen = sp2 - t;
    if (this.targetLen === 0) {
      this.targetOff = this.save(SLASH, 0, 1);
      this.targetLen = 1;
    }
    const s = this.scratch;
    let q = 0;
    while (q < this.targetLen && s[this.targetOff + q] !== 63) q++;
    this.pathLen = q;
    this.phase = 1;
  }

  private headerLine(bytes: Uint8Array, start: number, end: number, colon: number): void {
    const first = bytes[start];
    if (first === 32 || first === 9) {
      this.fail('obsolete header line folding is not accepted');
      return;
    }
    if (colon < 0 || colon >= end || colon === start) {
      this.fail('header line without a field name and colon');
      return;
    }
    const last = bytes[colon - 1];
    if (last === 32 || last === 9) {
      // RFC 9112 §5.1: whitespace between field name and colon must be rejected (request smuggling).
      this.fail('whitespace before the colon of a header field');
      return;
    }
    const i = colon;
    // Most headers are of no interest: only names of a length some entry uses are hashed and looked up.
    const nameLen = i - start;
    if (nameLen >= this.c.headerNameLengths.length || this.c.headerNameLengths[nameLen] === 0) return;
    let h = 0;
    for (let k = start; k < i; k++) {
      const b = bytes[k];
      h = (Math.imul(h, 31) + (b >= 65 && b <= 90 ? b | 32 : b)) | 0;
    }
    const slot = this.lookupSlot(bytes, start, i, h >>> 0);
    if (slot < 0 || this.slotLen[slot] >= 0) return;
    let v = i + 1;
    while (v < end && (bytes[v] === 32 || bytes[v] === 9)) v++;
    let e = end;
    while (e > v && (bytes[e - 1] === 32 || bytes[e - 1] === 9)) e--;
    this.slotOff[slot] = this.save(bytes, v, e);
    this.slotLen[slot] = e - v;
    if (slot === 0) this.setHost();
    else if (this.group !== null) this.decide();
  }

  private lookupSlot(bytes: Uint8Array, start: number, end: number, h: number): number {
    const c = this.c;
    const table = c.headerTable;
    const mask = c.headerTableMask;
    const len = end - start;
    for (let i = h & mask; table[i] !== 0; i = (i + 1) & mask) {
      const s = table[i] - 1;
      const name = c.headerBytes[s];
      if (name.length !== len) continue;
      let k = 0;
      while (k < len) {
        const b = bytes[start + k];
        if ((b >= 65 && b <= 90 ? b | 32 : b) !== name[k]) break;
        k++;
      }
      if (k === len) return s;
    }
    return -1;
  }

  private setHost(): void {
    const s = this.scratch;
    const off = this.slotOff[0];
    const len = this.slotLen[0];
    // Lower-case the host in place (names compare case-insensitively); the port follows the last ':' outside [v6].
    let nameLen = len;
    let port = 0;
    const v6 = s[off] === 91;
    for (let i = len - 1; i >= 0; i--) {
      const b = s[off + i];
      if (b === 58) {
        nameLen = i;
        break;
      }
      if (b === 93 || (b < 48 || b > 57)) break;
    }
    if (nameLen < len) {
      for (let i = nameLen + 1; i < len; i++) port = port * 10 + (s[off + i] - 48);
    } else if (v6) {
      nameLen = len;
    }
    const lower = this.save(s, off, off + nameLen);
    let h = 0x811c9dc5;
    for (let i = 0; i < nameLen; i++) {
      const b = s[lower + i];
      const l = b >= 65 && b <= 90 ? b | 32 : b;
      s[lower + i] = l;
      h = Math.imul(h ^ l, 0x01000193);
    }
    this.port = this.ctxPort || port || 80;
    const c = this.c;
    let group: HostGroup | undefined;
    const buckets = c.hostBuckets.get(h & 0x3fffffff);
    if (buckets !== undefined) {
      for (let k = 0; k < buckets.length && group === undefined; k++) {
        if (sameRange(buckets[k].name, s, lower, nameLen)) group = buckets[k].group;
      }
    }
    if (group === undefined) group = c.wildcardEntries.length > 0 ? wildcardGroup(c, decodeRange(s, lower, nameLen)) : EMPTY_GROUP;
    this.group = group;
    this.decide();
  }

  private endOfHead(): void {
    this.ended = true;
    if (this.group === null) {
      this.decision = NO_MATCH;
      return;
    }
    this.decide();
  }

  /** Evaluates the host's segments from the first undecided one; decides when the outcome is certain. */
  private decide(): void {
    const segs = this.group!.segments;
    for (; this.segIndex < segs.length; this.segIndex++) {
      const seg = segs[this.segIndex];
      if (seg.kind === 'entry') {
        const r = evaluateEntry(this, seg.entry);
        if (r === TRUE) {
          this.decision = seg.entry.decision;
          return;
        }
        if (r === UNKNOWN) return;
        continue;
      }
      let off: number;
      let len: number;
      if (seg.slot === PATH_KEY) {
        off = this.targetOff;
        len = this.pathLen;
      } else {
        len = this.slotLen[seg.slot];
        off = this.slotOff[seg.slot];
        if (len < 0) {
          if (!this.ended) return;
          continue;
        }
      }
      const buckets = seg.byHash.get(hashBytes(this.scratch, off, off + len));
      if (buckets === undefined) continue;
      for (let b = 0; b < buckets.length; b++) {
        if (!sameRange(buckets[b].value, this.scratch, off, len)) continue;
        const list = buckets[b].entries;
        for (let k = 0; k < list.length; k++) {
          const r = evaluateEntry(this, list[k]);
          if (r === TRUE) {
            this.decision = list[k].decision;
            return;
          }
          if (r === UNKNOWN) return;
        }
      }
    }
    // Every segment evaluated to false: nothing can match, whatever bytes are still to come.
    this.decision = NO_MATCH;
  }
}

const SLASH = new Uint8Array([47]);

/**
 * Classifies a complete request head held in one buffer.
 *
 * @example
 * classifyHead(compiled, new TextEncoder().encode('GET / HTTP/1.1\r\nHost: reviews\r\n\r\n')); // { kind: 'match', ... }
 */
export function classifyHead(c: CompiledClassifier, head: Uint8Array, ctx: ConnectionContext = {}): Decision {
  const s = new ClassifierSession(c, ctx);
  return s.push(head) ?? s.finish();
}

