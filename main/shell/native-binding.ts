/**
 * Which better_sqlite3.node the desktop app loads. npm's copy is built for Node (tests, CLI);
 * Electron has its own ABI, so scripts/build-electron-sqlite.mjs builds a second copy into
 * native/electron-<abi>-<platform>-<arch>/ and the shell passes it as `nativeBinding`.
 * No electron import: unit tests run it under Node.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function nativeDirName(abi: string, platform: string = process.platform, arch: string = process.arch): string {
  return `electron-${abi}-${platform}-${arch}`;
}

/** The Electron-ABI binding if it was built, else undefined (better-sqlite3 then tries its own). */
export function findNativeBinding(baseDir: string, abi: string, platform: string = process.platform, arch: string = process.arch): string | undefined {
  const file = join(baseDir, 'native', nativeDirName(abi, platform, arch), 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}

/** Turns the loader's errors into what the person at the desk can do about them. */
export function explainNativeLoadError(err: unknown, abi: string, binding: string | undefined): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof Error && 'code' in err ? String((err as { code: unknown }).code) : '';
  if (/NODE_MODULE_VERSION/.test(message)) {
    const m = /compiled against a different Node\.js version using\s+NODE_MODULE_VERSION (\d+)\.\s+This version of Node\.js requires\s+NODE_MODULE_VERSION (\d+)/.exec(message);
    const built = m?.[1] ?? '?';
    const needed = m?.[2] ?? abi;
    return (
      `The database driver (better-sqlite3) was built for ABI ${built}, but this Electron needs ABI ${needed}. ` +
      `Run "npm run rebuild:electron" on a machine that can reach the Electron headers; it writes ` +
      `native/${nativeDirName(needed)}/better_sqlite3.node without touching the copy the tests and CLI use.` +
      (binding ? ` (loaded: ${binding})` : ' (no Electron build was found, so npm\'s Node build was tried)')
    );
  }
  if (code === 'ERR_DLOPEN_FAILED' || /dlopen|cannot open shared object|not a valid Win32 application|image not found/i.test(message)) {
    return (
      `The database driver (better-sqlite3) could not be loaded for this platform (${process.platform}-${process.arch}, ABI ${abi}): ${message}. ` +
      `Rebuild it with "npm run rebuild:electron" for this machine, or reinstall the app package built for it.`
    );
  }
  return `The database could not be opened: ${message}`;
}
