/**
 * A worker's TypeScript entry as one ES module, for runs from sources (the CLI through tsx, the
 * tests): started through tsx's loader, a worker resolves and compiles each of its modules through
 * the loader's own thread, which made it ready a third of a second or more after its start, while
 * a bundle of the same sources loads in a fraction of that. The bundle is made by esbuild (what
 * tsx compiles with) and kept under node_modules/.cache, where the packages it leaves out resolve
 * as from the sources; it is made again when any file it was made of changed (size or time).
 * Any failure means no bundle: the worker then starts through tsx's loader.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Manifest {
  /** Each input file with its size and modification time when the bundle was made. */
  inputs: [string, number, number][];
}

interface Esbuild {
  buildSync(options: Record<string, unknown>): { metafile?: { inputs: Record<string, unknown> } };
}

/** The bundle of the TypeScript entry `ts`, made now if missing or stale; null when it cannot be. */
export function bundledEntry(ts: URL): URL | null {
  try {
    const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
    const cache = join(dirname(dirname(tsxPackage)), '.cache', 'billrecon-workers');
    const name = createHash('sha256').update(ts.href).digest('hex').slice(0, 16);
    const [code, manifest] = [join(cache, `${name}.mjs`), join(cache, `${name}.json`)];
    if (!isFresh(manifest)) bundle(createRequire(tsxPackage)('esbuild') as Esbuild, fileURLToPath(ts), cache, code, manifest);
    return pathToFileURL(code);
  } catch {
    return null;
  }
}

function isFresh(manifest: string): boolean {
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(manifest, 'utf8')) as Manifest;
  } catch {
    return false;
  }
  return m.inputs.every(([path, size, mtime]) => {
    const s = statSync(path, { throwIfNoEntry: false });
    return s !== undefined && s.size === size && s.mtimeMs === mtime;
  });
}

/** Written beside under a name of this process's, then renamed: another process reading the cache sees a whole file or none. */
function bundle(esbuild: Esbuild, entry: string, cache: string, code: string, manifest: string): void {
  mkdirSync(cache, { recursive: true });
  const root = dirname(entry);
  const result = esbuild.buildSync({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    metafile: true,
    outfile: `${code}.${process.pid}`,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile?.inputs ?? {}).map((p): [string, number, number] => {
    const path = resolve(root, p);
    const s = statSync(path);
    return [path, s.size, s.mtimeMs];
  });
  if (inputs.length === 0) throw new Error('esbuild named no inputs');
  renameSync(`${code}.${process.pid}`, code);
  writeFileSync(`${manifest}.${process.pid}`, JSON.stringify({ inputs } satisfies Manifest));
  renameSync(`${manifest}.${process.pid}`, manifest);
}
