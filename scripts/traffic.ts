/**
 * `npm run traffic [-- --sessions N --packets P]`: sends VXLAN sessions from the mesh servers of the running
 * demo (`npm start`) through its software switches — for every rule, from its requester pods' servers with the
 * rule's VNI — and prints where each session landed, against the rule's weights, and then each link's peak load
 * during the run as the switches' agents reported it (port_tx_counter telemetry).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TelemetryReport } from '../src/core/desired-state/telemetry-types';
import type { FabricDocument } from '../src/core/fabric/types';
import type { Rule } from '../src/core/rules/types';
import { apiClient } from './lib/control-plane-process';
import { formatTrafficResults, runRuleTraffic } from './lib/demo-traffic';
import { formatLinkLoads, peakLinkLoads } from './lib/link-load';
import { loopbackLayout, REPO_ROOT } from './lib/loopback-fabric';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`traffic: ${name}: "${process.argv[i + 1]}" is not a positive integer\n`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let info: { controlPlane: string; adminToken: string; octet: number; fabric: string };
  try {
    info = JSON.parse(readFileSync(path.join(REPO_ROOT, 'data/demo/demo.json'), 'utf8'));
  } catch {
    process.stderr.write('traffic: no running demo found (data/demo/demo.json); start it with `npm start`\n');
    process.exit(1);
  }
  const api = apiClient(info.controlPlane, info.adminToken);
  const fabricRes = await api('GET', `/v1/fabrics/${info.fabric}`).catch((err: Error) => ({ status: 0, json: undefined, text: err.message }));
  if (fabricRes.status !== 200) {
    process.stderr.write(`traffic: the demo's control plane at ${info.controlPlane} does not answer (${fabricRes.text}); is \`npm start\` running?\n`);
    process.exit(1);
  }
  const fabric = fabricRes.json as FabricDocument;
  const rules = ((await api('GET', `/v1/fabrics/${info.fabric}/rules`)).json as { rules: Rule[] }).rules;
  const sessions = flag('--sessions', 200);
  const packets = flag('--packets', 3);
  process.stdout.write(`sending ${sessions} sessions × ${packets} packets for each of ${rules.length} rule(s) from the mesh servers\n`);
  const startedAt = Date.now();
  const results = await runRuleTraffic({ rules, fabric, layout: loopbackLayout(fabric, info.octet), sessions, packetsPerSession: packets });
  process.stdout.write(`${formatTrafficResults(results)}\n`);
  // One telemetry interval (1 s) later every agent has reported the whole run.
  await new Promise((r) => setTimeout(r, 1500));
  const reports = new Map<string, TelemetryReport[]>();
  for (const sw of fabric.switches) {
    const res = await api('GET', `/v1/fabrics/${info.fabric}/telemetry/switches/${sw.name}?sinceMs=${Date.now() - startedAt + 1000}`);
    if (res.status === 200) reports.set(sw.name, (res.json as { samples: TelemetryReport[] }).samples);
  }
  process.stdout.write(`\nlink load during the run (peak per link, from the agents' telemetry; bars relative to the busiest link):\n${formatLinkLoads(peakLinkLoads(reports))}\n`);
}

void main();
