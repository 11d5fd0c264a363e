import { hashBytes, PATH_KEY, wildcardGroup } from './compile-classifier';
import type {
  CompiledBlock, CompiledClassifier, CompiledEntry, Decision, HostGroup, MalformedDecision, NoMatchDecision,
} from './compiled-classifier';
import { evaluateEntry, TRUE, UNKNOWN, type HeadView } from './evaluate-entry';
import { decodeRange, findLineFeed, sameRange } from './head-bytes';
import { findHostGroup } from './host-table';

/** What the proxy knows about the connection before any byte arrives. */
export interface ConnectionContext {
  /** Destination (service) port; `port` matches compare against it. Default: the Host header's port, else 80. */
  port?: number;
  /** Default 'http'. */
  scheme?: string;
}

const NO_MATCH: NoMatchDecision = { kind: 'no-match' };
const NO_CONTEXT: ConnectionContext = Object.freeze({});
const EMPTY_GROUP: HostGroup = { segments: [], needsQuery: false };

/** Head bytes start here in the session's buffer; byte 0 holds '/', the target of an empty absolute-form path. */
const BASE = 4;

/**
 * The paper's concurrent parse-and-match: feed an HTTP/1.1 request head as it arrives; the
 * session parses line by line and evaluates the compiled entries after each field it needs,
 * returning a decision as soon as the first matching entry is certain (often before the head
 * ends), `undefined` while it needs more bytes. Bytes may be split anywhere.
 *
 * Every pushed byte is appended once to the session's buffer (reused across heads), so fields
 * are byte ranges in it and are never copied again; line ends are found four bytes at a time;
 * only headers of a name some entry uses are looked up; exact and prefix matches compare bytes,
 * so no string is built unless a regex or a query parameter needs one. A header's first
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
  /** The head so far, from BASE; `words` views the same bytes for the line-end search. */
  scratch: Uint8Array = new Uint8Array(1024);
  private words: Int32Array = new Int32Array(this.scratch.buffer);
  private end = BASE;
  /** Start of the first unfinished line, where its LF search resumes, and its first ':' once seen. */
  private lineStart = BASE;
  private scanFrom = BASE;
  private colon = -1;
  private phase = 0;
  ended = false;
  methodOff = 0;
  methodLen = 0;
  targetOff = 0;
  targetLen = 0;
  pathLen = 0;
  query: Map<string, string> | null = null;
  textOff = 0;
  textLen = -1;
  text = '';
  port = 80;
  private group: HostGroup | null = null;
  private segIndex = 0;
  private decision: Decision | null = null;

  constructor(compiled: CompiledClassifier, ctx: ConnectionContext = NO_CONTEXT) {
    this.c = compiled;
    this.slotOff = new Int32Array(compiled.headerNames.length);
    this.slotLen = new Int32Array(compiled.headerNames.length);
    this.scratch[0] = 47;
    this.reset(ctx);
  }

  /** Starts a new request head on the same session (reuses its buffers). */
  reset(ctx: ConnectionContext = NO_CONTEXT): void {
    this.ctxPort = ctx.port ?? 0;
    this.scheme = ctx.scheme ?? 'http';
    this.end = BASE;
    this.lineStart = BASE;
    this.scanFrom = BASE;
    this.colon = -1;
    this.phase = 0;
    this.ended = false;
    this.query = null;
    this.textLen = -1;
    this.port = 80;
    this.group = null;
    this.segIndex = 0;
    this.decision = null;
    const seen = this.slotLen;
    // A loop, not fill(): a handful of slots costs less than the builtin call.
    for (let i = 0; i < seen.length; i++) seen[i] = -1;
  }

  /** The decision once made, else null. */
  get result(): Decision | null {
    return this.decision;
  }

  /** Feeds the next bytes; returns the decision once it is certain, else undefined. */
  push(chunk: Uint8Array): Decision | undefined {
    if (this.decision) return this.decision;
    const need = this.end + chunk.length;
    if (need > this.scratch.length) this.grow(need);
    this.scratch.set(chunk, this.end);
    this.end = need;
    this.lines();
    if (this.decision) return this.decision;
    if (this.end - BASE > this.c.maxHeadBytes) {
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

  private grow(need: number): void {
    const next = new Uint8Array((Math.max(need, this.scratch.length * 2) + 3) & ~3);
    next.set(this.scratch.subarray(0, this.end), 0);
    this.scratch = next;
    this.words = new Int32Array(next.buffer);
  }

  /** Handles every complete line held; keeps where the unfinished one stands for the next push. */
  private lines(): void {
    const bytes = this.scratch;
    const end = this.end;
    let start = this.lineStart;
    let i = this.scanFrom;
    let colon = this.colon;
    while (this.decision === null) {
      if (colon < 0 && this.phase !== 0) {
        // Header line: its first ':' (names are short), then the LF by words.
        while (i < end) {
          const b = bytes[i];
          if (b === 10 || b === 58) break;
          i++;
        }
        if (i === end) break;
        if (bytes[i] === 58) colon = i++;
      }
      i = findLineFeed(bytes, this.words, i, end);
      if (i === end) break;
      const lineEnd = i > start && bytes[i - 1] === 13 ? i - 1 : i;
      if (this.phase === 0) this.requestLine(bytes, start, lineEnd);
      else if (lineEnd === start) this.endOfHead();
      else this.headerLine(bytes, start, lineEnd, colon);
      start = i + 1;
      i = start;
      colon = -1;
    }
    this.lineStart = start;
    this.scanFrom = i;
    this.colon = colon;
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
    this.methodOff = start;
    this.methodLen = sp1 - start;
    let t = sp1 + 1;
    if (bytes[t] !== 47 && bytes[t] !== 42) {
      // absolute-form (http://host/path): match on the path, as for origin-form
      let slashes = 0;
      while (t < sp2 && slashes < 3) if (bytes[t++] === 47) slashes++;
      if (slashes === 3) t--;
    }
    this.targetOff = t;
    this.targetLen = sp2 - t;
    if (this.targetLen === 0) {
      this.targetOff = 0; // the '/' kept at byte 0
      this.targetLen = 1;
    }
    let q = 0;
    while (q < this.targetLen && bytes[this.targetOff + q] !== 63) q++;
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
    // Most headers are of no interest: only names of a length some entry uses are hashed and looked up.
    const nameLen = colon - start;
    const lengths = this.c.headerNameLengths;
    if (nameLen >= lengths.length || lengths[nameLen] === 0) return;
    const slot = this.lookupSlot(bytes, start, colon);
    if (slot < 0 || this.slotLen[slot] >= 0) return;
    let v = colon + 1;
    while (v < end && (bytes[v] === 32 || bytes[v] === 9)) v++;
    let e = end;
    while (e > v && (bytes[e - 1] === 32 || bytes[e - 1] === 9)) e--;
    this.slotOff[slot] = v;
    this.slotLen[slot] = e - v;
    if (slot === 0) this.setHost();
    else if (this.group !== null) this.decide();
  }

  private lookupSlot(bytes: Uint8Array, start: number, end: number): number {
    const c = this.c;
    const table = c.headerTable;
    const mask = c.headerTableMask;
    const len = end - start;
    let h = 0;
    for (let k = start; k < end; k++) {
      const b = bytes[k];
      h = (Math.imul(h, 31) + (b >= 65 && b <= 90 ? b | 32 : b)) | 0;
    }
    for (let i = (h >>> 0) & mask; table[i] !== 0; i = (i + 1) & mask) {
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
    // The port follows the last ':' outside [v6]; the name compares case-insensitively (the raw
    // value stays as sent, for authority matches).
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
    this.port = this.ctxPort || port || 80;
    const c = this.c;
    let group = findHostGroup(c.hostTable, s, off, nameLen);
    if (group === undefined) {
      group = c.wildcardEntries.length > 0 ? wildcardGroup(c, lowerAscii(decodeRange(s, off, nameLen))) : EMPTY_GROUP;
    }
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

/** Lower-cases ASCII letters only (as the byte comparisons do). */
function lowerAscii(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

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

