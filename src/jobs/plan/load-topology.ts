import { IndexedFabricTopology } from '../../core/fabric/graph';
import { FabricTopologyBuilder } from '../../core/fabric/topology-builder';
import type { FabricLink, FabricServer, FabricSwitch } from '../../core/fabric/types';
import type { AppDatabase } from '../../db/database';
import { getFabricSummary, readFabricChunkPage, type FabricSummary } from '../../db/fabric-store';

/** Attempts when a concurrent fabric write replaces the chunks mid-read. */
const ATTEMPTS = 5;

/**
 * A stored fabric as a document-free topology, read chunk page by chunk page: each ~1 MB chunk is parsed,
 * fed to a {@link FabricTopologyBuilder} and dropped, and the pods section (last in storage order, not
 * needed: rules name their pods' servers) is not read at all. At k = 90 this holds ~31 MB of typed arrays
 * and names instead of the ~47 MB document. Undefined when the fabric does not exist; `onPage` runs after
 * every page (the plan job times pages with it). Throws when the fabric keeps changing while being read.
 *
 * @example
 * const loaded = await loadFabricTopology(db, 'testbed');
 * if (loaded) plan(loaded.topology);
 */
export async function loadFabricTopology(
  db: AppDatabase,
  name: string,
  onPage: () => void = () => undefined,
): Promise<{ topology: IndexedFabricTopology; summary: FabricSummary } | undefined> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const summary = await getFabricSummary(db, name);
    if (summary === undefined) return undefined;
    const builder = new FabricTopologyBuilder({
      switches: summary.switchCount, servers: summary.serverCount, links: summary.linkCount,
    });
    let complete = true;
    for (let from = 0; from < summary.chunkCount;) {
      const rows = await readFabricChunkPage(db, summary, from);
      onPage();
      if (rows === undefined) { complete = false; break; }
      let pods = false;
      for (const row of rows) {
        if (row.section === 'pods') { pods = true; break; }
        const items = JSON.parse(`[${row.body}]`) as unknown[];
        if (row.section === 'switches') builder.addSwitches(items as FabricSwitch[]);
        else if (row.section === 'servers') builder.addServers(items as FabricServer[]);
        else if (row.section === 'links') builder.addLinks(items as FabricLink[]);
      }
      if (pods || rows.length === 0) break;
      from = rows[rows.length - 1].seq + 1;
    }
    if (!complete) continue;
    const topology = new IndexedFabricTopology(builder.parts());
    if (topology.switchCount !== summary.switchCount || topology.linkCount !== summary.linkCount
      || topology.nodeCount - topology.switchCount !== summary.serverCount) continue; // rewritten mid-read
    return { topology, summary };
  }
  throw new Error(`fabric ${name} kept changing while being read`);
}
