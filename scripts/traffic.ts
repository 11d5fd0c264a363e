/**
 * `npm run traffic [-- --sessions N --packets P]`: sends VXLAN sessions from the mesh servers of the running
 * demo (`npm start`) through its software switches — for every rule, from its requester pods' servers with the
 * rule's VNI — and prints where each session landed, against the rule's weights.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FabricDocument } from '../src/core/fabric/types';
import type { Rule } from '../src/core/rules/types';
import { apiClient } from './lib/control-plane-process';
import { formatTrafficResults, runRuleTraffic } from './lib/demo-traffic';
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
  const results = await runRuleTraffic({ rules, fabric, layout: loopbackLayout(fabric, info.octet), sessions, packetsPerSession: packets });
  process.stdout.write(`${formatTrafficResults(results)}\n`);
}

void main();
