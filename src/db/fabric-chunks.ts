import type { FabricDocument } from '../core/fabric/types';

/** The entity arrays of a fabric document, in storage and output order (names before the links that use them). */
export const FABRIC_SECTIONS = ['switches', 'servers', 'links', 'pods'] as const;
export type FabricSection = (typeof FABRIC_SECTIONS)[number];

/** Target UTF-8 size of one chunk body: well under D1's 2 MB row limit, one bound parameter. */
export const FABRIC_CHUNK_BYTES = 1_000_000;

/** One stored piece of a section: `body` is comma-separated JSON objects, no brackets. */
export interface FabricChunk {
  seq: number;
  section: FabricSection;
  count: number;
  body: string;
}

/** UTF-8 length of a JS string without allocating (surrogate pairs count 4). */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Splits a document's entity arrays into chunks of at most ~`maxBytes` UTF-8 each (an entity
 * larger than that gets a chunk of its own), in section order with consecutive `seq`.
 *
 * @example
 * const chunks = packFabricChunks(doc); // k = 90 fat-tree: 45 chunks
 */
export function packFabricChunks(doc: FabricDocument, maxBytes = FABRIC_CHUNK_BYTES): FabricChunk[] {
  return [...iterateFabricChunks(doc, maxBytes)];
}

/**
 * Like `packFabricChunks`, one chunk at a time, so a large fabric can be written without holding
 * all of its packed text in memory.
 *
 * @example
 * for (const chunk of iterateFabricChunks(doc)) await write(chunk);
 */
export function* iterateFabricChunks(doc: FabricDocument, maxBytes = FABRIC_CHUNK_BYTES): Generator<FabricChunk> {
  let seq = 0;
  for (const section of FABRIC_SECTIONS) {
    const items: readonly unknown[] = doc[section] ?? [];
    let parts: string[] = [];
    let bytes = 0;
    for (const item of items) {
      const text = JSON.stringify(item);
      const size = utf8Length(text) + 1;
      if (bytes + size > maxBytes && parts.length > 0) {
        yield { seq: seq++, section, count: parts.length, body: parts.join(',') };
        parts = [];
        bytes = 0;
      }
      parts.push(text);
      bytes += size;
    }
    if (parts.length > 0) yield { seq: seq++, section, count: parts.length, body: parts.join(',') };
  }
}

/**
 * Rebuilds the entity arrays from chunks fed in `seq` order, one at a time, so a caller reading
 * pages of chunks never holds more than one page of text beside the objects. Link endpoints are
 * re-pointed at the switch/server name strings so the ~450,000 links of the k = 90 fat-tree do
 * not hold 900,000 string copies.
 *
 * @example
 * const u = new FabricChunkUnpacker(); for (const c of chunks) u.add(c); const { links } = u.result();
 */
export class FabricChunkUnpacker {
  private readonly out: Pick<FabricDocument, FabricSection> = { switches: [], links: [], servers: [], pods: [] };
  private readonly names = new Map<string, string>();

  add(chunk: { section: string; body: string }): void {
    const section = chunk.section as FabricSection;
    const items = JSON.parse(`[${chunk.body}]`) as never[];
    const target = this.out[section] as unknown[];
    if (section === 'switches' || section === 'servers') {
      for (const item of items as { name: string }[]) this.names.set(item.name, item.name);
    } else if (section === 'links') {
      for (const link of items as { a: string; b: string }[]) {
        link.a = this.names.get(link.a) ?? link.a;
        link.b = this.names.get(link.b) ?? link.b;
      }
    }
    for (const item of items) target.push(item);
  }

  result(): Pick<FabricDocument, FabricSection> {
    return this.out;
  }
}

/**
 * Rebuilds the entity arrays from all chunks (in `seq` order).
 *
 * @example
 * const { switches, links, servers, pods } = unpackFabricChunks(chunks);
 */
export function unpackFabricChunks(
  chunks: Iterable<{ section: string; body: string }>,
): Pick<FabricDocument, FabricSection> {
  const unpacker = new FabricChunkUnpacker();
  for (const chunk of chunks) unpacker.add(chunk);
  return unpacker.result();
}
