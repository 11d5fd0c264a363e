#!/usr/bin/env node
/**
 * Bundles the switch agent into one file runnable by Node ≥ 20: dist/piggycar-agent.mjs.
 * The P4Runtime .proto files and the PiggyCar P4Info travel inside the bundle (see
 * switch-agent/agent/embedded-files.ts), so the file needs nothing else on the switch CPU.
 *
 *   npm run build:agent
 */
import { build } from 'esbuild';
import { readFileSync, readdirSync, statSync, chmodSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const files = {};
for (const file of walk(path.join(root, 'switch-agent/proto')).filter((f) => f.endsWith('.proto'))) {
  files[path.relative(root, file).split(path.sep).join('/')] = readFileSync(file, 'utf8');
}
files['p4/piggycar.p4info.txtpb'] = readFileSync(path.join(root, 'p4/piggycar.p4info.txtpb'), 'utf8');

const outfile = path.join(root, 'dist/piggycar-agent.mjs');
// Built beside the target and renamed into place: test files build in parallel and start agents from
// the bundle, so a reader must never see a half-written file.
const tmpfile = `${outfile}.${process.pid}.tmp`;
await build({
  entryPoints: [path.join(root, 'switch-agent/agent/main.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: tmpfile,
  logLevel: 'warning',
  // protobufjs and grpc-js are CommonJS and require() Node built-ins: give the ESM bundle a real require.
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __pcCreateRequire } from 'node:module';",
      'const require = __pcCreateRequire(import.meta.url);',
      `globalThis.__PIGGYCAR_EMBEDDED__ = ${JSON.stringify(files)};`,
    ].join('\n'),
  },
});
chmodSync(tmpfile, 0o755);
renameSync(tmpfile, outfile);
const size = statSync(outfile).size;
process.stdout.write(`built ${path.relative(root, outfile)} (${(size / 1024).toFixed(0)} KiB, ${Object.keys(files).length} embedded files)\n`);
