import type { FabricSummary } from '../db/fabric-store';
import { fabricEtag } from './fabric-mutation';

/**
 * The API form of a fabric header (what list, PUT, generate and entity writes return).
 *
 * @example
 * return c.json(summaryJson(summary), 200);
 */
export function summaryJson(summary: FabricSummary) {
  return {
    name: summary.name,
    version: summary.version,
    etag: fabricEtag(summary),
    switchCount: summary.switchCount,
    linkCount: summary.linkCount,
    serverCount: summary.serverCount,
    podCount: summary.podCount,
    createdAt: summary.createdAt,
    updatedAt: summary.updatedAt,
  };
}
