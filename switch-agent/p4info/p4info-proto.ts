import { fileURLToPath } from 'node:url';
import path from 'node:path';
import protobuf from 'protobufjs';

/**
 * Folder holding the P4Runtime `.proto` files (switch-agent/proto, written from the P4Runtime spec).
 *
 * @example
 * path.join(PROTO_DIR, 'p4/v1/p4runtime.proto');
 */
export const PROTO_DIR = fileURLToPath(new URL('../proto/', import.meta.url));

let cached: Promise<protobuf.Root> | undefined;

/**
 * Loads `p4/config/v1/p4info.proto` (and what it imports) from switch-agent/proto into a protobufjs Root,
 * once per process. `google/protobuf/*` comes from protobufjs' bundled well-known types.
 *
 * @example
 * const root = await loadP4InfoRoot();
 * const P4Info = root.lookupType('p4.config.v1.P4Info');
 */
export function loadP4InfoRoot(protoDir: string = PROTO_DIR): Promise<protobuf.Root> {
  if (protoDir !== PROTO_DIR) return loadRoot(protoDir);
  cached ??= loadRoot(protoDir).catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

async function loadRoot(protoDir: string): Promise<protobuf.Root> {
  const root = new protobuf.Root();
  root.resolvePath = function resolveProto(_origin: string, target: string): string | null {
    if (target.startsWith('google/protobuf/')) return target;
    return path.isAbsolute(target) ? target : path.join(protoDir, target);
  };
  await root.load('p4/config/v1/p4info.proto');
  root.resolveAll();
  return root;
}
