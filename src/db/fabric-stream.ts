import type { FabricSummary } from './fabric-store';
import { readFabricChunkPage } from './fabric-store';
import type { AppDatabase } from './database';
import { FABRIC_SECTIONS } from './fabric-chunks';

/**
 * The stored fabric as one JSON document, streamed chunk page by chunk page without parsing the
 * entities (the stored chunks are already JSON text): a large fabric costs one page of memory, not
 * the whole document. If a concurrent write replaces the fabric mid-stream, the stream errors
 * rather than mixing two versions.
 *
 * @example
 * const summary = await getFabricSummary(db, 'testbed');
 * return c.body(fabricJsonStream(db, summary!), 200, { 'content-type': 'application/json' });
 */
export function fabricJsonStream(db: AppDatabase, summary: FabricSummary): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let nextSeq = 0;
  let sectionIndex = -1;
  let firstInSection = true;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        const head = { name: summary.name, ...(summary.settings !== undefined ? { settings: summary.settings } : {}) };
        controller.enqueue(encoder.encode(JSON.stringify(head).slice(0, -1)));
        return;
      }
      if (nextSeq >= summary.chunkCount) {
        let tail = '';
        while (sectionIndex < FABRIC_SECTIONS.length - 1) {
          tail += (sectionIndex >= 0 ? ']' : '') + `,"${FABRIC_SECTIONS[++sectionIndex]}":[`;
        }
        tail += sectionIndex >= 0 ? ']}' : '}';
        controller.enqueue(encoder.encode(tail));
        controller.close();
        return;
      }
      const rows = await readFabricChunkPage(db, summary, nextSeq);
      if (rows === undefined) {
        controller.error(new Error(`fabric ${summary.name} was rewritten while it was being read`));
        return;
      }
      let out = '';
      for (const row of rows) {
        const target = FABRIC_SECTIONS.indexOf(row.section as (typeof FABRIC_SECTIONS)[number]);
        while (sectionIndex < target) {
          out += (sectionIndex >= 0 ? ']' : '') + `,"${FABRIC_SECTIONS[++sectionIndex]}":[`;
          firstInSection = true;
        }
        out += (firstInSection ? '' : ',') + row.body;
        firstInSection = false;
        nextSeq = row.seq + 1;
      }
      controller.enqueue(encoder.encode(out));
    },
  });
}
