/**
 * `piggycar-agent`: the switch agent's command line.
 *
 *   piggycar-agent --control-plane http://127.0.0.1:8787 --switch core1 --token pc_... --target 127.0.0.1:50051
 *
 * Bundled into one file by `npm run build:agent` (dist/piggycar-agent.mjs, Node ≥ 20); in the repository it
 * also runs as `tsx switch-agent/agent/main.ts ...`. Logs one line per event to stderr; SIGTERM/SIGINT stop it
 * without touching the switch's tables.
 */
import { readFile } from 'node:fs/promises';
import { installEmbeddedFiles } from './embedded-files';
import { parseAgentArgs, USAGE } from './args';

async function main(): Promise<void> {
  installEmbeddedFiles();
  const parsed = parseAgentArgs(process.argv.slice(2), process.env, Date.now());
  if (!parsed.ok) {
    if (parsed.error === 'usage') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    process.stderr.write(`piggycar-agent: ${parsed.error}\n${USAGE}\n`);
    process.exit(2);
  }
  const o = parsed.options;
  // Loaded after installEmbeddedFiles so that the bundled .proto and P4Info texts are found.
  const { loadP4InfoFile } = await import('../p4info/load-p4info');
  const { createP4RuntimeClient } = await import('../p4runtime/client');
  const { Agent } = await import('./agent');
  const { mulberry32 } = await import('../../src/core/reconcile/choose-backend');
  const p4info = await loadP4InfoFile(o.p4infoFile);
  const deviceConfig = o.deviceConfigFile ? new Uint8Array(await readFile(o.deviceConfigFile)) : new Uint8Array();
  const prefix = `[agent ${o.switchName}]`;
  function log(message: string): void {
    if (!o.quiet) process.stderr.write(`${new Date().toISOString()} ${prefix} ${message}\n`);
  }
  const agent = new Agent({
    options: o,
    p4info,
    deviceConfig,
    createClient: createP4RuntimeClient,
    random: o.seed !== undefined ? mulberry32(o.seed) : Math.random,
    now: Date.now,
    log,
  });
  await agent.start();
  log(`started: control plane ${o.controlPlane}, switch target ${o.target}`);
  let stopping = false;
  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    log('stopping (the switch keeps its tables)');
    await agent.stop();
    process.exit(0);
  }
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch(function fatal(err: Error) {
  process.stderr.write(`piggycar-agent: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
