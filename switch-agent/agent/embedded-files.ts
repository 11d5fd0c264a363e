import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

/** Files the bundle carries, by path relative to the repository (e.g. `switch-agent/proto/p4/v1/p4runtime.proto`). */
type EmbeddedFiles = Record<string, string>;

declare global {
  // Set by the bundle's banner (scripts/build-agent.mjs); absent when running from the repository.
  var __PIGGYCAR_EMBEDDED__: EmbeddedFiles | undefined;
}

/**
 * Makes the single-file agent bundle self-contained: the P4Runtime .proto files and the PiggyCar P4Info that the
 * P4Runtime and P4Info modules read from disk are served from the bundle when the file is not on disk (a read
 * that finds the real file still gets it, so `--p4info FILE` works). A no-op outside the bundle.
 *
 * @example
 * installEmbeddedFiles(); // first thing in main()
 */
export function installEmbeddedFiles(): void {
  const files = globalThis.__PIGGYCAR_EMBEDDED__;
  if (!files) return;
  const entries = Object.entries(files);
  function embedded(p: unknown): string | undefined {
    if (typeof p !== 'string' && !(p instanceof URL)) return undefined;
    const wanted = String(p instanceof URL ? p.pathname : p).replace(/\\/g, '/');
    for (const [rel, text] of entries) {
      // Match on the tail the modules compute (e.g. 'p4/v1/p4runtime.proto', 'p4/piggycar.p4info.txtpb').
      const tail = rel.replace(/^switch-agent\/proto\//, '');
      if (wanted.endsWith(`/${tail}`) || wanted === tail) return text;
    }
    return undefined;
  }
  function missing(err: unknown): boolean {
    return (err as NodeJS.ErrnoException)?.code === 'ENOENT';
  }
  function asRequested(text: string, options: unknown): string | Buffer {
    const encoding = typeof options === 'string' ? options : (options as { encoding?: string } | undefined)?.encoding;
    return encoding ? text : Buffer.from(text, 'utf8');
  }

  const readFileSync = fs.readFileSync;
  // any: fs.readFileSync is overloaded; the wrapper forwards its arguments unchanged.
  (fs as { readFileSync: unknown }).readFileSync = function embeddedReadFileSync(this: unknown, p: fs.PathOrFileDescriptor, options?: unknown) {
    try {
      return (readFileSync as (...a: unknown[]) => unknown).call(this, p, options);
    } catch (err) {
      const text = missing(err) ? embedded(p) : undefined;
      if (text === undefined) throw err;
      return asRequested(text, options);
    }
  };

  const readFile = fs.readFile;
  (fs as { readFile: unknown }).readFile = function embeddedReadFile(this: unknown, p: fs.PathOrFileDescriptor, ...rest: unknown[]) {
    const callback = rest[rest.length - 1] as (err: unknown, data?: unknown) => void;
    const options = rest.length > 1 ? rest[0] : undefined;
    (readFile as (...a: unknown[]) => void).call(this, p, ...(rest.length > 1 ? [options] : []), function done(err: unknown, data: unknown) {
      const text = err && missing(err) ? embedded(p) : undefined;
      if (text !== undefined) callback(null, asRequested(text, options));
      else callback(err, data);
    });
  };

  const promisesReadFile = fs.promises.readFile;
  (fs.promises as { readFile: unknown }).readFile = async function embeddedPromisesReadFile(p: fs.PathLike, options?: unknown) {
    try {
      return await (promisesReadFile as (...a: unknown[]) => Promise<unknown>)(p, options);
    } catch (err) {
      const text = missing(err) ? embedded(p) : undefined;
      if (text === undefined) throw err;
      return asRequested(text, options);
    }
  };
  syncBuiltinESMExports();
}
